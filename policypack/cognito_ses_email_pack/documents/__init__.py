"""Pure checks of SES identity policy documents and plain property values.

Plain JSON values in, plain values out, never raising on bad input; no ``pulumi`` or
``pulumi_policy`` import (a test holds this layer to that).
"""
