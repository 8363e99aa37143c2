{{/*
The named templates that render one service. A service's template file (consent-service.yaml, ...) only calls
"kidsafe.component" with its values key; everything below is shared by the four services.
Service context: dict "root" (the chart root), "key" (consent|profile|media|gateway), "svc" (merged values).
*/}}

{{/* All objects of one service. Context: dict "root" "key". */}}
{{- define "kidsafe.component" -}}
{{- $svc := include "kidsafe.serviceValues" . | fromYaml -}}
{{- $ctx := dict "root" .root "key" .key "svc" $svc -}}
{{ include "kidsafe.serviceAccount" $ctx }}
---
{{ include "kidsafe.configMap" $ctx }}
{{- if and $svc.erasure (include "kidsafe.trustedReportKeys" $ctx | fromYaml) }}
---
{{ include "kidsafe.trustedReportKeysConfigMap" $ctx }}
{{- end }}
{{- if and $svc.signingKey $svc.signingKey.retiredPublicKeys }}
---
{{ include "kidsafe.retiredSigningKeysConfigMap" $ctx }}
{{- end }}
---
{{ include "kidsafe.service" $ctx }}
---
{{ include "kidsafe.deployment" $ctx }}
{{- if $svc.pdb.enabled }}
---
{{ include "kidsafe.pdb" $ctx }}
{{- end }}
{{- if $svc.autoscaling.enabled }}
---
{{ include "kidsafe.hpa" $ctx }}
{{- end }}
{{- if and $svc.store (eq $svc.store.type "filesystem") $svc.store.persistence.enabled (not $svc.store.persistence.existingClaim) }}
---
{{ include "kidsafe.pvc" $ctx }}
{{- end }}
{{- if .root.Values.networkPolicy.enabled }}
---
{{ include "kidsafe.networkPolicy" $ctx }}
{{- end }}
{{- if .root.Values.monitoring.serviceMonitor.enabled }}
---
{{ include "kidsafe.serviceMonitor" $ctx }}
{{- end }}
{{- if and (include "kidsafe.ownerMigrates" $ctx) $svc.ledger }}
---
{{ include "kidsafe.ledgerPruneCronJob" $ctx }}
{{- if .root.Values.networkPolicy.enabled }}
---
{{ include "kidsafe.ownerTaskNetworkPolicy" $ctx }}
{{- end }}
{{- end }}
{{- end -}}

{{- define "kidsafe.serviceAccount" -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "kidsafe.resourceName" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "kidsafe.serviceLabels" . | nindent 4 }}
  {{- with .svc.serviceAccountAnnotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
automountServiceAccountToken: false
{{- end -}}

{{- define "kidsafe.configMap" -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "kidsafe.resourceName" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "kidsafe.serviceLabels" . | nindent 4 }}
data:
  {{- range $k, $v := (include "kidsafe.configData" . | fromYaml) }}
  {{ $k }}: {{ $v | toString | quote }}
  {{- end }}
{{- end -}}

{{/*
The PUBLIC keys consent-service verifies the participants' erasure reports with, one file <service>.pub each. Public
keys are not secret, so they live in a ConfigMap; the private halves stay in each service's own secret.
*/}}
{{- define "kidsafe.trustedReportKeysConfigMap" -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "kidsafe.trustedReportKeysName" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "kidsafe.serviceLabels" . | nindent 4 }}
data:
  {{- range $service, $pem := (include "kidsafe.trustedReportKeys" . | fromYaml) }}
  {{ $service }}.pub: |
    {{- $pem | nindent 4 }}
  {{- end }}
  {{- range $service, $keys := (include "kidsafe.retiredReportKeys" . | fromYaml) }}
  {{- range $keyId, $pem := $keys }}
  {{ $service }}.retired.{{ $keyId }}.pub: |
    {{- $pem | nindent 4 }}
  {{- end }}
  {{- end }}
{{- end -}}

{{/*
A service's retired PUBLIC signing keys, one <key id>.pub each: still published (consent-service's JWKS) and verified,
so what was signed before a rotation keeps verifying. Mounted at /etc/kidsafe/signing-retired.
*/}}
{{- define "kidsafe.retiredSigningKeysConfigMap" -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "kidsafe.retiredSigningKeysName" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "kidsafe.serviceLabels" . | nindent 4 }}
data:
  {{- range $keyId, $pem := .svc.signingKey.retiredPublicKeys }}
  {{ $keyId }}.pub: |
    {{- $pem | trim | nindent 4 }}
  {{- end }}
{{- end -}}

{{- define "kidsafe.service" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "kidsafe.resourceName" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "kidsafe.serviceLabels" . | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- include "kidsafe.selectorLabels" . | nindent 4 }}
  ports:
    - name: http
      port: {{ int .svc.service.port }}
      targetPort: http
      protocol: TCP
    {{- /* Health and metrics (issue 17 item 1): a port of its own, which the Ingress never names. */}}
    - name: management
      port: 9000
      targetPort: management
      protocol: TCP
{{- end -}}

{{/*
Prometheus Operator's scrape of one service: /q/metrics on the Service port "management" (9000), the port the
NetworkPolicy opens to the monitoring namespace only; the public port is never scraped (issue 17 item 1).
*/}}
{{- define "kidsafe.serviceMonitor" -}}
{{- $sm := .root.Values.monitoring.serviceMonitor -}}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ include "kidsafe.resourceName" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "kidsafe.serviceLabels" . | nindent 4 }}
    {{- with $sm.labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  selector:
    matchLabels:
      {{- include "kidsafe.selectorLabels" . | nindent 6 }}
  endpoints:
    - port: management
      path: /q/metrics
      interval: {{ $sm.interval }}
{{- end -}}

{{/* The Deployment of a service, hardened the same way for all four. */}}
{{- define "kidsafe.deployment" -}}
{{- $svc := .svc -}}
{{- $uid := int $svc.runAsUser -}}
{{- $secretEnv := include "kidsafe.secretEnv" . | trim -}}
{{- $rwoStore := and $svc.store (eq $svc.store.type "filesystem") $svc.store.persistence.enabled (not (has "ReadWriteMany" $svc.store.persistence.accessModes)) -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "kidsafe.resourceName" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "kidsafe.serviceLabels" . | nindent 4 }}
spec:
  {{- if not $svc.autoscaling.enabled }}
  replicas: {{ int $svc.replicaCount }}
  {{- end }}
  revisionHistoryLimit: 5
  strategy:
    {{- if $rwoStore }}
    # A ReadWriteOnce blob volume cannot be attached to the old and the new pod at once.
    type: Recreate
    {{- else }}
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 0
    {{- end }}
  selector:
    matchLabels:
      {{- include "kidsafe.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "kidsafe.serviceLabels" . | nindent 8 }}
        {{- with $svc.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      annotations:
        {{- /* The service's ConfigMap, its retired signing keys and, for consent-service, the trusted report keys. */}}
        checksum/config: {{ print (include "kidsafe.configMap" .) (include "kidsafe.trustedReportKeys" .) (include "kidsafe.retiredReportKeys" .) (toYaml (dig "signingKey" "retiredPublicKeys" dict .svc)) | sha256sum }}
        {{- with $svc.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "kidsafe.resourceName" . }}
      automountServiceAccountToken: false
      enableServiceLinks: false
      {{- with .root.Values.global.imagePullSecrets }}
      imagePullSecrets:
        {{- range . }}
        - name: {{ . | quote }}
        {{- end }}
      {{- end }}
      {{- with $svc.priorityClassName }}
      priorityClassName: {{ . | quote }}
      {{- end }}
      terminationGracePeriodSeconds: {{ int $svc.terminationGracePeriodSeconds }}
      securityContext:
        runAsNonRoot: true
        runAsUser: {{ $uid }}
        runAsGroup: {{ $uid }}
        fsGroup: {{ $uid }}
        fsGroupChangePolicy: OnRootMismatch
        seccompProfile:
          type: RuntimeDefault
      {{- if include "kidsafe.ownerMigrates" . }}
      initContainers:
        {{- include "kidsafe.ownerTaskContainer" (merge (dict "name" "migrate") .) | nindent 8 }}
      {{- end }}
      containers:
        - name: {{ include "kidsafe.serviceName" . }}
          image: {{ include "kidsafe.image" . | quote }}
          imagePullPolicy: {{ $svc.image.pullPolicy }}
          ports:
            - name: http
              containerPort: 8080
              protocol: TCP
            - name: management
              containerPort: 9000
              protocol: TCP
          envFrom:
            - configMapRef:
                name: {{ include "kidsafe.resourceName" . }}
          {{- if $secretEnv }}
          env:
            {{- $secretEnv | nindent 12 }}
          {{- end }}
          startupProbe:
            httpGet:
              path: /q/health/started
              port: management
            periodSeconds: {{ int $svc.probes.startup.periodSeconds }}
            timeoutSeconds: {{ int $svc.probes.startup.timeoutSeconds }}
            failureThreshold: {{ int $svc.probes.startup.failureThreshold }}
          livenessProbe:
            httpGet:
              path: /q/health/live
              port: management
            periodSeconds: {{ int $svc.probes.liveness.periodSeconds }}
            timeoutSeconds: {{ int $svc.probes.liveness.timeoutSeconds }}
            failureThreshold: {{ int $svc.probes.liveness.failureThreshold }}
          readinessProbe:
            httpGet:
              path: /q/health/ready
              port: management
            periodSeconds: {{ int $svc.probes.readiness.periodSeconds }}
            timeoutSeconds: {{ int $svc.probes.readiness.timeoutSeconds }}
            failureThreshold: {{ int $svc.probes.readiness.failureThreshold }}
          resources:
            requests:
              cpu: {{ $svc.resources.requests.cpu | quote }}
              memory: {{ $svc.resources.requests.memory | quote }}
            limits:
              cpu: {{ $svc.resources.limits.cpu | quote }}
              memory: {{ $svc.resources.limits.memory | quote }}
          securityContext:
            runAsNonRoot: true
            runAsUser: {{ $uid }}
            runAsGroup: {{ $uid }}
            privileged: false
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop:
                - ALL
            seccompProfile:
              type: RuntimeDefault
          volumeMounts:
            {{- include "kidsafe.volumeMounts" . | trim | nindent 12 }}
      volumes:
        {{- include "kidsafe.volumes" . | trim | nindent 8 }}
        {{- if include "kidsafe.ownerMigrates" . }}
        {{- include "kidsafe.ownerPasswordVolume" . | nindent 8 }}
        {{- end }}
      {{- with $svc.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $svc.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $svc.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- if $svc.topologySpreadConstraints }}
      {{- $selector := include "kidsafe.selectorLabels" . | fromYaml }}
      {{- $constraints := list }}
      {{- range $svc.topologySpreadConstraints }}
      {{- $c := deepCopy . }}
      {{- if not (hasKey $c "labelSelector") }}
      {{- $_ := set $c "labelSelector" (dict "matchLabels" $selector) }}
      {{- end }}
      {{- $constraints = append $constraints $c }}
      {{- end }}
      topologySpreadConstraints:
        {{- toYaml $constraints | nindent 8 }}
      {{- end }}
{{- end -}}

{{- define "kidsafe.pdb" -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "kidsafe.resourceName" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "kidsafe.serviceLabels" . | nindent 4 }}
spec:
  maxUnavailable: {{ int .svc.pdb.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "kidsafe.selectorLabels" . | nindent 6 }}
{{- end -}}

{{- define "kidsafe.hpa" -}}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "kidsafe.resourceName" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "kidsafe.serviceLabels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "kidsafe.resourceName" . }}
  minReplicas: {{ int .svc.autoscaling.minReplicas }}
  maxReplicas: {{ int .svc.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ int .svc.autoscaling.targetCPUUtilizationPercentage }}
{{- end -}}

{{- define "kidsafe.pvc" -}}
{{- $p := .svc.store.persistence -}}
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: {{ include "kidsafe.resourceName" . }}-store
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "kidsafe.serviceLabels" . | nindent 4 }}
  {{- with $p.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  accessModes:
    {{- toYaml $p.accessModes | nindent 4 }}
  {{- with $p.storageClass }}
  storageClassName: {{ . | quote }}
  {{- end }}
  resources:
    requests:
      storage: {{ $p.size | quote }}
{{- end -}}

{{/*
The allow-list of one service, on top of the release's default deny:
  ingress: the gateway from the ingress controller only; every other service from the gateway's pods only, on the
           public port 8080; the management port 9000 (health, metrics) from the monitoring namespace only, when
           networkPolicy.monitoring names it (kubelet probes need no rule);
  egress:  DNS; Keycloak (OIDC discovery and JWKS; for profile-service and consent-service also the Admin REST
           API, same peer and ports); the gateway to the three services; each other service to its own database,
           Kafka, (consent) SMTP and (media with an S3 store) the S3 endpoint.
*/}}
{{- define "kidsafe.networkPolicy" -}}
{{- $root := .root -}}
{{- $svc := .svc -}}
{{- $np := $root.Values.networkPolicy -}}
{{- $ingress := list -}}
{{- $egress := list -}}
{{- if eq .key "gateway" -}}
{{- $ingress = concat $ingress (include "kidsafe.peerRule" (dict "dir" "from" "peer" $np.ingressController "ports" (list 8080)) | fromYamlArray) -}}
{{- else -}}
{{- $gw := include "kidsafe.selectorLabels" (dict "root" $root "key" "gateway") | fromYaml -}}
{{- $ingress = concat $ingress (include "kidsafe.peerRule" (dict "dir" "from" "peer" (dict "podLabels" $gw) "ports" (list 8080)) | fromYamlArray) -}}
{{- end -}}
{{- $ingress = concat $ingress (include "kidsafe.peerRule" (dict "dir" "from" "peer" $np.monitoring "ports" (list 9000)) | fromYamlArray) -}}
{{- $egress = concat $egress (include "kidsafe.peerRule" (dict "dir" "to" "peer" $np.dns "ports" (list 53) "protocols" (list "UDP" "TCP")) | fromYamlArray) -}}
{{- $kcPeer := $np.keycloak -}}
{{- $kcPorts := $np.keycloak.ports -}}
{{- if and $root.Values.keycloak.enabled (not (or $kcPeer.cidrs $kcPeer.namespaceLabels $kcPeer.podLabels)) -}}
{{- $kcPeer = dict "podLabels" (dict "app" "keycloak" "app.kubernetes.io/instance" (include "kidsafe.keycloakName" $root)) -}}
{{- $kcPorts = ternary (list 8443) (list 8080) (not (empty $root.Values.keycloak.tlsSecret)) -}}
{{- end -}}
{{- $egress = concat $egress (include "kidsafe.peerRule" (dict "dir" "to" "peer" $kcPeer "ports" $kcPorts) | fromYamlArray) -}}
{{- if eq .key "gateway" -}}
{{- range $upstream := list "consent" "profile" "media" -}}
{{- $sel := include "kidsafe.selectorLabels" (dict "root" $root "key" $upstream) | fromYaml -}}
{{- $egress = concat $egress (include "kidsafe.peerRule" (dict "dir" "to" "peer" (dict "podLabels" $sel) "ports" (list 8080)) | fromYamlArray) -}}
{{- end -}}
{{- end -}}
{{- if $svc.database -}}
{{- $derived := dict -}}
{{- if $root.Values.cnpg.enabled -}}
{{- $derived = dict "podLabels" (include "kidsafe.cnpgPeerLabels" (dict "root" $root "db" .key) | fromYaml) -}}
{{- end -}}
{{- $dbPeer := include "kidsafe.peerOrDerived" (dict "peer" $svc.database.networkPolicy "derived" $derived) | fromYaml -}}
{{- $egress = concat $egress (include "kidsafe.peerRule" (dict "dir" "to" "peer" $dbPeer "ports" $svc.database.networkPolicy.ports) | fromYamlArray) -}}
{{- end -}}
{{- if $svc.kafka -}}
{{- $derived := dict -}}
{{- if $root.Values.strimzi.enabled -}}
{{- $derived = dict "podLabels" (dict "strimzi.io/cluster" $root.Values.strimzi.clusterName "strimzi.io/kind" "Kafka") -}}
{{- with $root.Values.strimzi.kafkaNamespace }}{{ $_ := set $derived "namespaceLabels" (dict "kubernetes.io/metadata.name" .) }}{{ end -}}
{{- end -}}
{{- $kafkaPeer := include "kidsafe.peerOrDerived" (dict "peer" $np.kafka "derived" $derived) | fromYaml -}}
{{- $egress = concat $egress (include "kidsafe.peerRule" (dict "dir" "to" "peer" $kafkaPeer "ports" $np.kafka.ports) | fromYamlArray) -}}
{{- end -}}
{{- if $svc.mailer -}}
{{- $egress = concat $egress (include "kidsafe.peerRule" (dict "dir" "to" "peer" $svc.mailer.networkPolicy "ports" (list $svc.mailer.port)) | fromYamlArray) -}}
{{- end -}}
{{- if and $svc.store (eq $svc.store.type "s3") -}}
{{- $s3Peer := $svc.store.s3.networkPolicy -}}
{{- if not (or $s3Peer.cidrs $s3Peer.namespaceLabels $s3Peer.podLabels) -}}
{{- fail (printf "%s.store.s3.networkPolicy: name the S3 endpoint's cidrs, namespaceLabels or podLabels; the default deny would block media-service from its bucket" .key) -}}
{{- end -}}
{{- $egress = concat $egress (include "kidsafe.peerRule" (dict "dir" "to" "peer" $s3Peer "ports" $s3Peer.ports) | fromYamlArray) -}}
{{- end -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "kidsafe.resourceName" . }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "kidsafe.serviceLabels" . | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "kidsafe.selectorLabels" . | nindent 6 }}
  policyTypes:
    - Ingress
    - Egress
  ingress:
    {{- toYaml $ingress | nindent 4 }}
  egress:
    {{- toYaml $egress | nindent 4 }}
{{- end -}}

{{/*
The owner split of issue 18 item 3. A service whose values name a database owner (consent) has its schema owned by a
role it does not hold: the same image, run as a Quarkus init task (QUARKUS_INIT_AND_EXIT) with the OWNER's login,
migrates (and prunes the ledger: LedgerPrune) and exits. It runs as an init container of the service's pods and, on
consent.ledger.prune.schedule, as a CronJob. The owner's secret is mounted in those containers only, at the path where
the service reads its database password, so the service's own container never sees it; the KEK only in the migration (a Java migration may seal old data under it); the signing key, Kafka and
Keycloak credentials are not mounted there. Context: the service context.
*/}}
{{- define "kidsafe.ownerSecretName" -}}
{{- $name := .svc.database.owner.existingSecret -}}
{{- if and (not $name) .root.Values.cnpg.enabled -}}
{{- $name = printf "%s-app" (include "kidsafe.cnpgClusterName" (dict "root" .root "db" .key)) -}}
{{- end -}}
{{- if and (not $name) (include "kidsafe.isProduction" .root) -}}
{{- fail (printf "global.mode=production: %s.database.owner.existingSecret must name an existing secret (the chart never creates secrets)" .key) -}}
{{- end -}}
{{- $name -}}
{{- end -}}

{{/* True when the service's schema is migrated by its owner role. Context: the service context. */}}
{{- define "kidsafe.ownerMigrates" -}}
{{- if and .svc.database .svc.database.owner (include "kidsafe.ownerSecretName" .) }}true{{ end -}}
{{- end -}}

{{/* The owner task's container (migration and ledger prune). Context: the service context plus "name". */}}
{{- define "kidsafe.ownerTaskContainer" -}}
{{- $svc := .svc -}}
{{- $uid := int $svc.runAsUser -}}
{{- $paths := include "kidsafe.paths" . | fromYaml -}}
- name: {{ .name }}
  image: {{ include "kidsafe.image" . | quote }}
  imagePullPolicy: {{ $svc.image.pullPolicy }}
  envFrom:
    - configMapRef:
        name: {{ include "kidsafe.resourceName" . }}
  env:
    - name: QUARKUS_INIT_AND_EXIT
      value: "true"
    - name: QUARKUS_FLYWAY_MIGRATE_AT_START
      value: "true"
    - name: QUARKUS_OIDC_TENANT_ENABLED
      value: "false"
    {{- if eq (include "kidsafe.internalTls" .root) "true" }}
    {{- /* A task that exits serves nothing: no HTTPS, so it needs no server certificate (the ConfigMap names one). */}}
    - name: QUARKUS_HTTP_SSL_CERTIFICATE_FILES
      value: ""
    - name: QUARKUS_HTTP_SSL_CERTIFICATE_KEY_FILES
      value: ""
    - name: QUARKUS_HTTP_INSECURE_REQUESTS
      value: "enabled"
    {{- end }}
    {{- include "kidsafe.secretEnvEntry" (dict "env" "QUARKUS_DATASOURCE_USERNAME" "secret" (include "kidsafe.ownerSecretName" .) "key" $svc.database.owner.usernameKey) | nindent 4 }}
  resources:
    requests:
      cpu: {{ $svc.resources.requests.cpu | quote }}
      memory: {{ $svc.resources.requests.memory | quote }}
    limits:
      cpu: {{ $svc.resources.limits.cpu | quote }}
      memory: {{ $svc.resources.limits.memory | quote }}
  securityContext:
    runAsNonRoot: true
    runAsUser: {{ $uid }}
    runAsGroup: {{ $uid }}
    privileged: false
    allowPrivilegeEscalation: false
    readOnlyRootFilesystem: true
    capabilities:
      drop:
        - ALL
    seccompProfile:
      type: RuntimeDefault
  volumeMounts:
    - name: tmp
      mountPath: /tmp
    - name: database-owner-password
      mountPath: {{ $paths.databasePasswordDir }}
      readOnly: true
  {{- if include "kidsafe.postgresCaSecret" . }}
    - name: postgres-ca
      mountPath: {{ $paths.postgresCaDir }}
      readOnly: true
  {{- end }}
  {{- if and (eq .name "migrate") $svc.kek (include "kidsafe.secretName" (dict "root" .root "key" .key "svc" .svc "kind" "kek")) }}
    {{- /* A Java migration may seal what the previous release stored in the clear (consent's V6_1: signed forms under
    parents' data keys), so the migration reads the service's KEK; the prune CronJob never needs it. */}}
    - name: kek
      mountPath: {{ $paths.kekDir }}
      readOnly: true
  {{- end }}
{{- end -}}

{{/* The owner's password, as a volume. Context: the service context. */}}
{{- define "kidsafe.ownerPasswordVolume" -}}
{{- $paths := include "kidsafe.paths" . | fromYaml -}}
- name: database-owner-password
  secret:
    secretName: {{ include "kidsafe.ownerSecretName" . | quote }}
    defaultMode: 288
    items:
      - key: {{ .svc.database.owner.passwordKey | quote }}
        path: {{ $paths.secretFile }}
{{- end -}}

{{/* The ledger prune CronJob (issue 18 item 3), as the owner. Context: the service context. */}}
{{- define "kidsafe.ledgerPruneCronJob" -}}
{{- $svc := .svc -}}
{{- $uid := int $svc.runAsUser -}}
apiVersion: batch/v1
kind: CronJob
metadata:
  name: {{ include "kidsafe.resourceName" . | trunc 50 | trimSuffix "-" }}-ledger-prune
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "kidsafe.serviceLabels" . | nindent 4 }}
spec:
  schedule: {{ $svc.ledger.prune.schedule | quote }}
  concurrencyPolicy: Forbid
  successfulJobsHistoryLimit: 1
  failedJobsHistoryLimit: 3
  jobTemplate:
    spec:
      backoffLimit: 2
      template:
        metadata:
          labels:
            {{- include "kidsafe.ownerTaskLabels" . | nindent 12 }}
        spec:
          restartPolicy: OnFailure
          serviceAccountName: {{ include "kidsafe.resourceName" . }}
          automountServiceAccountToken: false
          enableServiceLinks: false
          {{- with .root.Values.global.imagePullSecrets }}
          imagePullSecrets:
            {{- range . }}
            - name: {{ . | quote }}
            {{- end }}
          {{- end }}
          securityContext:
            runAsNonRoot: true
            runAsUser: {{ $uid }}
            runAsGroup: {{ $uid }}
            fsGroup: {{ $uid }}
            seccompProfile:
              type: RuntimeDefault
          containers:
            {{- include "kidsafe.ownerTaskContainer" (merge (dict "name" "ledger-prune") .) | nindent 12 }}
          volumes:
            - name: tmp
              emptyDir:
                sizeLimit: {{ $svc.tmpSizeLimit }}
            {{- include "kidsafe.ownerPasswordVolume" . | nindent 12 }}
            {{- with include "kidsafe.postgresCaSecret" . }}
            - name: postgres-ca
              secret:
                secretName: {{ . | quote }}
                defaultMode: 292
                items:
                  - key: ca.crt
                    path: ca.crt
            {{- end }}
{{- end -}}

{{/* Labels of the owner task's pods: not the service's selector, so its Service never routes to them. */}}
{{- define "kidsafe.ownerTaskLabels" -}}
app.kubernetes.io/name: {{ include "kidsafe.serviceName" . }}-owner-task
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/* The owner task's pods reach DNS and their database, nothing else; nothing reaches them. */}}
{{- define "kidsafe.ownerTaskNetworkPolicy" -}}
{{- $root := .root -}}
{{- $np := $root.Values.networkPolicy -}}
{{- $egress := include "kidsafe.peerRule" (dict "dir" "to" "peer" $np.dns "ports" (list 53) "protocols" (list "UDP" "TCP")) | fromYamlArray -}}
{{- $derived := dict -}}
{{- if $root.Values.cnpg.enabled -}}
{{- $derived = dict "podLabels" (include "kidsafe.cnpgPeerLabels" (dict "root" $root "db" .key) | fromYaml) -}}
{{- end -}}
{{- $dbPeer := include "kidsafe.peerOrDerived" (dict "peer" .svc.database.networkPolicy "derived" $derived) | fromYaml -}}
{{- $egress = concat $egress (include "kidsafe.peerRule" (dict "dir" "to" "peer" $dbPeer "ports" .svc.database.networkPolicy.ports) | fromYamlArray) -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "kidsafe.resourceName" . | trunc 50 | trimSuffix "-" }}-owner-task
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "kidsafe.serviceLabels" . | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "kidsafe.ownerTaskLabels" . | nindent 6 }}
  policyTypes:
    - Ingress
    - Egress
  ingress: []
  egress:
    {{- toYaml $egress | nindent 4 }}
{{- end -}}
