{{/* The chart's name, cut to what a label value allows. */}}
{{- define "orgspace.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Name of the release's objects: the release name when it already says "orgspace". */}}
{{- define "orgspace.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "orgspace.selectorLabels" -}}
app.kubernetes.io/name: {{ include "orgspace.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "orgspace.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "orgspace.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: orgspace
{{- end }}

{{/* The operator's ServiceAccount; its identity is what the operator's ClusterRole is bound to. */}}
{{- define "orgspace.serviceAccountName" -}}
{{- default (include "orgspace.fullname" .) .Values.serviceAccount.name }}
{{- end }}

{{- define "orgspace.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag }}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository $tag }}
{{- end }}
{{- end }}

{{/* name=quantity,... from a map, in a stable order, as the operator reads it. */}}
{{- define "orgspace.quantities" -}}
{{- $entries := list }}
{{- range $name, $quantity := . }}
{{- $entries = append $entries (printf "%s=%v" $name $quantity) }}
{{- end }}
{{- join "," $entries }}
{{- end }}

{{- define "orgspace.leaseName" -}}
{{- default (include "orgspace.fullname" .) .Values.leaderElection.leaseName }}
{{- end }}

{{/* Leader election: on with more than one replica, or when asked. */}}
{{- define "orgspace.leaderElection" -}}
{{- if or (gt (int .Values.replicaCount) 1) .Values.leaderElection.enabled }}true{{ else }}false{{ end }}
{{- end }}
