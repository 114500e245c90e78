{{/* The pieces of Prometheus scraping the workloads share (templates/monitoring.yaml
renders the rest). */}}

{{/* A Dapr service's pod annotations for Prometheus' annotation-based discovery: the
app's /metrics on 8000 (it asks for the bearer token of secrets.metricsToken: the
scrape job must send it). daprd's own metrics (9090) are announced by the Service
Dapr's operator makes for each app id (APP-dapr, port dapr-metrics). */}}
{{- define "todo.scrapeAnnotations" -}}
{{- if .root.Values.monitoring.scrape.enabled }}
prometheus.io/scrape: "true"
prometheus.io/port: "8000"
prometheus.io/path: /metrics
prometheus.io/scheme: http
{{- end }}
{{- end -}}

{{/* TODO_METRICS_TOKEN from the Secret secrets.metricsToken. Optional: without that
Secret, /metrics answers only the pod's own loopback interface. */}}
{{- define "todo.metricsTokenEnv" -}}
- name: TODO_METRICS_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ .root.Values.secrets.metricsToken }}
      key: {{ .root.Values.secrets.metricsToken }}
      optional: true
{{- end -}}
