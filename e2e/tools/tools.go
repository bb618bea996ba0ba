//go:build tools

// Package tools pins the Pulumi engine the end-to-end tests drive: the CLI and the YAML
// language host, built by ./dev e2e into ../bin.
package tools

import (
	_ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
	_ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
)
