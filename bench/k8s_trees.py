"""Trees like a Kubernetes operator repository, for the YAML cost bench (docsfiles lane).

``crd(size)`` writes a CustomResourceDefinition of about ``size`` bytes: an
OpenAPI schema of nested objects whose descriptions mention Triton, the
`tritonserver` container, probes (`livenessProbe`, `readinessProbe`) and ports,
as operator CRDs embed a whole pod template.  It holds no V1 usage.
``operator_tree(dest, crds, size)`` writes such CRDs plus the Go sources,
Helm chart and docs an operator repository has; ``without_yaml`` drops the
YAML files (the baseline of the 1.5x target).  ``v1_image_yaml(size)`` is a
multi-document YAML of about ``size`` bytes with one V1 image line.
"""
from __future__ import annotations

from pathlib import Path

_FIELD = """\
{indent}{name}:
{indent}  description: >-
{indent}    {name} of the Triton inference server pod template (tritonserver container);
{indent}    see livenessProbe and readinessProbe of the container, port 8000 serves HTTP.
{indent}  type: object
{indent}  properties:
{indent}    livenessProbe:
{indent}      description: Probe of the tritonserver container (/v2/health/live).
{indent}      type: object
{indent}      x-kubernetes-preserve-unknown-fields: true
{indent}    replicas:
{indent}      type: integer
{indent}      format: int32
{indent}      minimum: 0
{indent}    image:
{indent}      type: string
{indent}      default: nvcr.io/nvidia/tritonserver:24.10-py3
"""


def crd(size: int, kind: str = "TritonService") -> str:
    head = f"""\
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: {kind.lower()}s.serving.example.com
spec:
  group: serving.example.com
  names:
    kind: {kind}
    plural: {kind.lower()}s
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        description: {kind} runs Triton Inference Server.
        type: object
        properties:
"""
    parts = [head]
    total = len(head)
    k = 0
    while total < size:
        block = _FIELD.format(indent=" " * 10, name=f"field{k:05d}")
        parts.append(block)
        total += len(block)
        k += 1
    return "".join(parts)


def v1_image_yaml(size: int) -> str:
    """Many small documents (a kustomize output); one of them runs the V1 image."""
    doc = ("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm{k:05d}\ndata:\n"
           "  note: tritonserver settings for shard {k}\n  port: \"8000\"\n")
    v1 = ("---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: server\nspec:\n  template:\n    spec:\n"
          "      containers:\n      - name: server\n        image: nvcr.io/nvidia/tensorrtserver:19.10-py3\n")
    parts = []
    total = 0
    k = 0
    while total < size:
        part = doc.format(k=k) if k != 40 else v1
        parts.append(part)
        total += len(part)
        k += 1
    return "".join(parts)


GO = """package controllers

// Reconcile creates the Deployment that runs tritonserver for a TritonService.
func (r *TritonServiceReconciler) container(image string) corev1.Container {
	return corev1.Container{
		Name:    "tritonserver",
		Image:   image,
		Command: []string{"tritonserver", "--model-repository=/models"},
	}
}
"""


def operator_tree(dest: Path, crds: int = 4, size: int = 2 * 1024 * 1024, yaml: bool = True) -> Path:
    (dest / "config" / "crd").mkdir(parents=True, exist_ok=True)
    (dest / "controllers").mkdir(parents=True, exist_ok=True)
    (dest / "docs").mkdir(parents=True, exist_ok=True)
    if yaml:
        for k in range(crds):
            (dest / "config" / "crd" / f"serving_{k}.yaml").write_text(crd(size, f"TritonService{k}"))
        (dest / "config" / "manager.yaml").write_text(
            "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n"
            "      - name: manager\n        image: controller:latest\n        livenessProbe:\n"
            "          httpGet: {path: /healthz, port: 8081}\n")
    for k in range(20):
        (dest / "controllers" / f"controller_{k}.go").write_text(GO)
    (dest / "docs" / "README.md").write_text("# Triton operator\n\nRuns `tritonserver` for each TritonService.\n")
    return dest
