package operator

func tritonContainer(image string) corev1.Container {
	return corev1.Container{
		Name:    "tritonserver",
		Image:   image, // e.g. nvcr.io/nvidia/tritonserver:24.10-py3
		Command: []string{"tritonserver", "--model-repository=/models"},
		ReadinessProbe: &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/v2/health/ready"}}},
	}
}
