// Command opa is GPU Arbiter's pinned OPA CLI: OPA's own root command, built from the release
// that go.mod requires, so every developer and every CI run uses the same fmt, check, test,
// build and run. It mirrors OPA's main.go, including its exit codes (opa fmt --fail relies on
// them).
package main

import (
	"errors"
	"os"

	"github.com/open-policy-agent/opa/cmd"
)

func main() {
	var exit int
	defer func() {
		if exit != 0 {
			os.Exit(exit)
		}
	}() // run deferred clean-up before exiting, as OPA's own main does

	if err := cmd.RootCommand.Execute(); err != nil {
		if e, ok := errors.AsType[*cmd.ExitError](err); ok {
			exit = e.Exit
		} else {
			exit = 1
		}
	}
}
