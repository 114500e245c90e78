{{/* Names, labels and the pieces every workload shares. */}}

{{- define "todo.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* The name of one service's objects: RELEASE-todo-chatbot-backend. */}}
{{- define "todo.name" -}}
{{- printf "%s-%s" (include "todo.fullname" .root) .service -}}
{{- end -}}

{{- define "todo.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{ include "todo.commonLabels" . }}
{{- end -}}

{{/* The labels besides the selector's (a pod template has the selector's already). */}}
{{- define "todo.commonLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: todo-chatbot
{{- end -}}

{{- define "todo.selector" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .service }}
{{- end -}}

{{- define "todo.image" -}}
{{- $tag := .Values.image.tag | default .Chart.AppVersion -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository $tag -}}
{{- end -}}
{{- end -}}

{{/* The services that run beside a Dapr sidecar: the app ids the code knows. */}}
{{- define "todo.daprServices" -}}
backend audit recurring notification websocket
{{- end -}}

{{/* The Dapr sidecar's annotations for app id .service (the app listens on 8000). */}}
{{- define "todo.daprAnnotations" -}}
{{- $v := .root.Values -}}
dapr.io/enabled: "true"
dapr.io/app-id: {{ .service | quote }}
dapr.io/app-port: "8000"
dapr.io/app-protocol: http
dapr.io/config: {{ $v.dapr.config | quote }}
dapr.io/app-token-secret: {{ $v.secrets.appApiToken | quote }}
dapr.io/api-token-secret: {{ $v.secrets.daprApiToken | quote }}
dapr.io/enable-app-health-check: "true"
dapr.io/app-health-check-path: /healthz
dapr.io/app-health-probe-interval: {{ $v.dapr.appHealthCheck.probeIntervalSeconds | quote }}
dapr.io/app-health-probe-timeout: {{ $v.dapr.appHealthCheck.probeTimeoutMilliseconds | quote }}
dapr.io/app-health-threshold: {{ $v.dapr.appHealthCheck.threshold | quote }}
dapr.io/max-body-size: 32Mi
dapr.io/log-level: {{ $v.dapr.logLevel | quote }}
dapr.io/log-as-json: "true"
dapr.io/enable-metrics: {{ $v.dapr.metrics | quote }}
dapr.io/metrics-port: "9090"
dapr.io/graceful-shutdown-seconds: {{ $v.dapr.gracefulShutdownSeconds | quote }}
dapr.io/sidecar-cpu-request: {{ $v.dapr.sidecar.cpuRequest | quote }}
dapr.io/sidecar-memory-request: {{ $v.dapr.sidecar.memoryRequest | quote }}
dapr.io/sidecar-cpu-limit: {{ $v.dapr.sidecar.cpuLimit | quote }}
dapr.io/sidecar-memory-limit: {{ $v.dapr.sidecar.memoryLimit | quote }}
dapr.io/sidecar-seccomp-profile-type: RuntimeDefault
{{- end -}}

{{/* The environment of a service's container (TODO_* and the tokens from Secrets). */}}
{{- define "todo.env" -}}
{{- $v := .root.Values -}}
- name: TODO_HOST
  value: "0.0.0.0"
- name: TODO_PORT
  value: "8000"
- name: TODO_LOG_LEVEL
  value: {{ $v.config.logLevel | quote }}
- name: TODO_HTTPS
  value: {{ $v.config.https | quote }}
- name: TODO_DOCS
  value: {{ $v.config.docs | quote }}
- name: TODO_TRUSTED_PROXIES
  value: {{ $v.config.trustedProxies | quote }}
- name: TODO_INSTANCE_ID
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
{{- if ne .service "web" }}
- name: APP_API_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ $v.secrets.appApiToken }}
      key: token
- name: DAPR_API_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ $v.secrets.daprApiToken }}
      key: token
{{ include "todo.metricsTokenEnv" . }}
- name: TODO_TRACE_SAMPLING_RATE
  value: {{ $v.dapr.tracing.samplingRate | quote }}
{{- with $v.dapr.tracing.appOtlpEndpoint }}
- name: TODO_OTLP_ENDPOINT
  value: {{ . | quote }}
{{- end }}
{{- end }}
{{- range $name, $value := $v.config.extraEnv }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- end -}}

{{/* The pod's spec shared by every workload, after `containers`: volumes and security. */}}
{{- define "todo.podCommon" -}}
{{- $v := .root.Values -}}
serviceAccountName: {{ include "todo.name" . }}
automountServiceAccountToken: {{ ne .service "web" }}
enableServiceLinks: false
securityContext:
  {{- toYaml $v.podSecurityContext | nindent 2 }}
{{- with $v.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $v.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $v.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
volumes:
  - name: tmp
    emptyDir:
      sizeLimit: 64Mi
{{- end -}}
