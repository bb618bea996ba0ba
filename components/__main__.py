"""The provider plugin: Pulumi runs this directory as ``python <dir> <engine address>``.

Python puts the directory itself first on ``sys.path``, so ``cognito_ses_email`` (the
package beside this file) is importable, and its modules cannot shadow anything.
"""

from cognito_ses_email.provider import serve

if __name__ == "__main__":
    serve()
