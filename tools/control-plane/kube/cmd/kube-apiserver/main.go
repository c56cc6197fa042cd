// Command kube-apiserver is the real Kubernetes API server, built from the k8s.io/kubernetes
// module that go.mod pins, for GPU Arbiter's integration tests (no kubelet, no container runtime).
package main

import (
	"os"

	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"
	_ "k8s.io/component-base/metrics/prometheus/clientgo"
	_ "k8s.io/component-base/metrics/prometheus/version"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

func main() {
	os.Exit(cli.Run(app.NewAPIServerCommand()))
}
