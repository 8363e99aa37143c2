{{/*
Naming, labels, secret resolution, per-service configuration and NetworkPolicy peers.
Everything that differs between the four services is data (values.yaml); the templates below never branch on a
service's name except for the gateway's upstream URLs.
*/}}

{{/* Chart name. */}}
{{- define "kidsafe.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Release prefix of every resource name. */}}
{{- define "kidsafe.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* helm.sh/chart label value. */}}
{{- define "kidsafe.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The services: values key -> service (workload) name. */}}
{{- define "kidsafe.serviceNames" -}}
consent: consent-service
profile: profile-service
media: media-service
gateway: gateway
{{- end -}}

{{/* Service name of a values key. Context: dict "key". */}}
{{- define "kidsafe.serviceName" -}}
{{- index (include "kidsafe.serviceNames" . | fromYaml) .key -}}
{{- end -}}

{{/* Resource name of a service: <fullname>-<service>. Context: dict "root" "key". */}}
{{- define "kidsafe.resourceName" -}}
{{- printf "%s-%s" (include "kidsafe.fullname" .root) (include "kidsafe.serviceName" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Name of the CloudNativePG cluster of a database. Context: dict "root" "db". */}}
{{- define "kidsafe.cnpgClusterName" -}}
{{- printf "%s-%s-db" (include "kidsafe.fullname" .root) .db | trunc 50 | trimSuffix "-" -}}
{{- end -}}

{{/* Name of the CloudNativePG Pooler (PgBouncer) in front of a database: also its Service's name. Context: dict "root" "db". */}}
{{- define "kidsafe.cnpgPoolerName" -}}
{{- printf "%s-pooler" (include "kidsafe.cnpgClusterName" .) -}}
{{- end -}}

{{/*
The most database sessions a service's pods can open at once (issue 21 item 5): every pod the Deployment may run (the
autoscaler's maxReplicas, or replicaCount, plus the rolling update's surge pod) and, for a service with an owner task
(consent), the ledger prune CronJob's pod, each with its JDBC pool full. A pod's migration init container ends before
its service container starts and uses the same pool size, so it adds nothing. Context: dict "root" "key".
Returns YAML: pods, poolSize, sessions.
*/}}
{{- define "kidsafe.databaseSessions" -}}
{{- $svc := include "kidsafe.serviceValues" . | fromYaml -}}
{{- $pods := ternary (int $svc.autoscaling.maxReplicas) (int $svc.replicaCount) (eq (toString $svc.autoscaling.enabled) "true") -}}
{{- $rwoStore := and $svc.store (eq $svc.store.type "filesystem") $svc.store.persistence.enabled (not (has "ReadWriteMany" $svc.store.persistence.accessModes)) -}}
{{- if not $rwoStore }}{{ $pods = add $pods 1 }}{{ end -}}
{{- if and $svc.database.owner $svc.ledger }}{{ $pods = add $pods 1 }}{{ end -}}
pods: {{ $pods }}
poolSize: {{ int $svc.database.poolSize }}
sessions: {{ mul $pods (int $svc.database.poolSize) }}
{{- end -}}

{{/*
The Kafka channel that consumes a topic: the topic without "kidsafe.", dots as dashes (kidsafe.profile.erasure-reports ->
profile-erasure-reports), as every service's application.properties names it (deploy's ConsumerConcurrencyTest checks).
*/}}
{{- define "kidsafe.kafkaChannel" -}}
{{- trimPrefix "kidsafe." . | replace "." "-" -}}
{{- end -}}

{{/* Pod labels of what a service reaches its CloudNativePG database at: the Pooler's PgBouncer pods, or the cluster's instances. Context: dict "root" "db". */}}
{{- define "kidsafe.cnpgPeerLabels" -}}
{{- if .root.Values.cnpg.pooler.enabled -}}
cnpg.io/poolerName: {{ include "kidsafe.cnpgPoolerName" . }}
{{- else -}}
cnpg.io/cluster: {{ include "kidsafe.cnpgClusterName" . }}
{{- end -}}
{{- end -}}

{{/* Name of the Keycloak CR. */}}
{{- define "kidsafe.keycloakName" -}}
{{- printf "%s-keycloak" (include "kidsafe.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Security floor of the Keycloak image: no release below it runs (see deploy/README.md, "Keycloak version"). The same
number as the root pom's keycloak.minimum-version; deploy's KeycloakImagePinTest fails when they differ.
*/}}
{{- define "kidsafe.keycloakMinimumVersion" -}}
26.7.3
{{- end -}}

{{/*
The standard labels. Context: dict "root", "name" (app.kubernetes.io/name), "component", optional "version".
*/}}
{{- define "kidsafe.labels" -}}
helm.sh/chart: {{ include "kidsafe.chart" .root }}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/version: {{ default .root.Chart.AppVersion .version | replace "+" "_" | replace "@" "_" | replace ":" "_" | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/part-of: kidsafe
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Selector labels of a service's pods. Context: the service context (dict "root" "key" ...). */}}
{{- define "kidsafe.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kidsafe.serviceName" . }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/* Labels of a service's resources. Context: the service context. */}}
{{- define "kidsafe.serviceLabels" -}}
{{ include "kidsafe.labels" (dict "root" .root "name" (include "kidsafe.serviceName" .) "component" .key "version" (include "kidsafe.imageVersion" .)) }}
{{- end -}}

{{/* Version shown in app.kubernetes.io/version: the image tag, or the chart's appVersion. */}}
{{- define "kidsafe.imageVersion" -}}
{{- default .root.Chart.AppVersion .svc.image.tag -}}
{{- end -}}

{{/* Full image reference of a service. */}}
{{- define "kidsafe.image" -}}
{{- $repo := .svc.image.repository -}}
{{- with .root.Values.global.imageRegistry -}}
{{- $repo = printf "%s/%s" (trimSuffix "/" .) $repo -}}
{{- end -}}
{{- if .svc.image.digest -}}
{{- printf "%s@%s" $repo .svc.image.digest -}}
{{- else -}}
{{- printf "%s:%s" $repo (include "kidsafe.imageVersion" .) -}}
{{- end -}}
{{- end -}}

{{/*
Deep merge of two maps, "override" winning (false and 0 included, unlike sprig's merge). Returns YAML.
Context: dict "base" "override".
*/}}
{{- define "kidsafe.deepMerge" -}}
{{- $out := deepCopy (default (dict) .base) -}}
{{- range $k, $v := (default (dict) .override) -}}
{{- $b := index $out $k -}}
{{- if and (kindIs "map" $v) (kindIs "map" $b) -}}
{{- $_ := set $out $k (include "kidsafe.deepMerge" (dict "base" $b "override" $v) | fromYaml) -}}
{{- else -}}
{{- $_ := set $out $k $v -}}
{{- end -}}
{{- end -}}
{{- toYaml $out -}}
{{- end -}}

{{/*
The context every per-service template receives: root, key, the merged service values (serviceDefaults overridden
by the service's own block) and its names. Context: dict "root" "key". Returns YAML of the merged values.
*/}}
{{- define "kidsafe.serviceValues" -}}
{{- include "kidsafe.deepMerge" (dict "base" .root.Values.serviceDefaults "override" (index .root.Values .key)) -}}
{{- end -}}

{{- define "kidsafe.isProduction" -}}
{{- if eq .Values.global.mode "production" -}}true{{- end -}}
{{- end -}}

{{/*
Name of the secret that holds one kind of a service's credentials, or "" (development mode only) when none is set.
Kinds: database, kafka, signingKey, mailer, kek, keycloak, tokenExchange, parentAccounts. Never another service's secret: the lookup is under the
service's own key, and the operator-generated fallbacks are named after the service.
Context: the service context plus "kind".
*/}}
{{- define "kidsafe.secretName" -}}
{{- $root := .root -}}
{{- $path := printf "%s.%s.existingSecret" .key .kind -}}
{{- $cfg := index .svc .kind -}}
{{- $name := $cfg.existingSecret -}}
{{- if and (not $name) (eq .kind "database") $root.Values.cnpg.enabled -}}
{{- if $cfg.owner -}}
{{- fail (printf "%s must name the secret of the service's own role (%s_service): with cnpg.enabled the cluster's -app secret is the schema owner's, which the service must not hold (issue 18 item 3)" $path .key) -}}
{{- end -}}
{{- $name = printf "%s-app" (include "kidsafe.cnpgClusterName" (dict "root" $root "db" .key)) -}}
{{- end -}}
{{- if and (not $name) (eq .kind "kafka") $root.Values.strimzi.enabled -}}
{{- $name = include "kidsafe.resourceName" . -}}
{{- end -}}
{{- if and (not $name) (include "kidsafe.isProduction" $root) -}}
{{- fail (printf "global.mode=production: %s must name an existing secret (the chart never creates secrets)" $path) -}}
{{- end -}}
{{- $name -}}
{{- end -}}

{{/* In production mode, fail unless value is set. Context: dict "root" "value" "path". */}}
{{- define "kidsafe.requiredInProduction" -}}
{{- if and (include "kidsafe.isProduction" .root) (not .value) -}}
{{- fail (printf "global.mode=production: %s is required" .path) -}}
{{- end -}}
{{- end -}}

{{/*
In-cluster base URL of a service, for the gateway: https:// when the services serve TLS (issue 17 item 4). The host is one
of the names of the service's Certificate. Context: dict "root" "key".
*/}}
{{- define "kidsafe.serviceUrl" -}}
{{- $svc := include "kidsafe.serviceValues" . | fromYaml -}}
{{- printf "%s://%s:%d" (ternary "https" "http" (eq (include "kidsafe.internalTls" .root) "true")) (include "kidsafe.serviceHost" .) (int $svc.service.port) -}}
{{- end -}}

{{/* A service's in-cluster DNS name. Context: dict "root" "key". */}}
{{- define "kidsafe.serviceHost" -}}
{{- printf "%s.%s.svc.%s" (include "kidsafe.resourceName" .) .root.Release.Namespace .root.Values.global.clusterDomain -}}
{{- end -}}

{{/*
"true" when the services serve their API over HTTPS with a cert-manager Certificate and the gateway verifies them
(issue 17 item 4): whenever tls.enabled, with or without a named issuer (kidsafe.servicesIssuer). Context: root.
*/}}
{{- define "kidsafe.internalTls" -}}
{{- if .Values.tls.enabled -}}true{{- else -}}false{{- end -}}
{{- end -}}

{{/*
True when the chart makes its own CA for the services' certificates: tls.enabled without tls.issuerRef.name, so a
default install is verified HTTPS too (issue 17 item 4: TLS by default). Context: root.
*/}}
{{- define "kidsafe.bootstrapCa" -}}
{{- if and .Values.tls.enabled (not .Values.tls.issuerRef.name) -}}true{{- end -}}
{{- end -}}

{{/* Name of the chart's own CA: its Certificate, its secret and the CA Issuer reading it. Context: root. */}}
{{- define "kidsafe.bootstrapCaName" -}}
{{- printf "%s-internal-ca" (include "kidsafe.fullname" . | trunc 51 | trimSuffix "-") -}}
{{- end -}}

{{/*
The issuer of the services' certificates: tls.issuerRef, or the chart's own CA Issuer (kidsafe.bootstrapCa).
Context: root. Returns YAML: name, kind, group.
*/}}
{{- define "kidsafe.servicesIssuer" -}}
{{- if include "kidsafe.bootstrapCa" . -}}
name: {{ include "kidsafe.bootstrapCaName" . }}
kind: Issuer
group: cert-manager.io
{{- else -}}
{{- toYaml .Values.tls.issuerRef -}}
{{- end -}}
{{- end -}}

{{/* Secret of a service's cert-manager Certificate (tls.crt, tls.key, ca.crt). Context: dict "root" "key". */}}
{{- define "kidsafe.tlsSecretName" -}}
{{- printf "%s-tls" (include "kidsafe.resourceName" .) -}}
{{- end -}}

{{/*
Secret and key of the CA the gateway trusts for the services: tls.caSecret, or the ca.crt cert-manager writes into the
gateway's own certificate secret (CA and Vault issuers fill it). Context: root. Returns YAML: secret, key.
*/}}
{{- define "kidsafe.servicesCa" -}}
secret: {{ default (include "kidsafe.tlsSecretName" (dict "root" . "key" "gateway")) .Values.tls.caSecret }}
key: {{ .Values.tls.caKey }}
{{- end -}}

{{/*
The secret holding the Kafka brokers' CA certificate: kafka.tls.caSecret, or with strimzi.enabled the cluster CA's
public certificate Strimzi keeps (<cluster>-cluster-ca-cert), so clients verify the brokers by default. Context: root.
*/}}
{{- define "kidsafe.kafkaCaSecret" -}}
{{- if .Values.kafka.tls.caSecret -}}
{{- .Values.kafka.tls.caSecret -}}
{{- else if .Values.strimzi.enabled -}}
{{- printf "%s-cluster-ca-cert" .Values.strimzi.clusterName -}}
{{- end -}}
{{- end -}}

{{/*
The secret holding the CA certificate of a service's own CloudNativePG cluster (<cluster>-ca, key ca.crt), the
sslrootcert of its verify-full connections; empty for a database the chart does not render. Context: the service context.
*/}}
{{- define "kidsafe.postgresCaSecret" -}}
{{- if and .svc.database .root.Values.cnpg.enabled (not .svc.database.jdbcUrl) -}}
{{- printf "%s-ca" (include "kidsafe.cnpgClusterName" (dict "root" .root "db" .key)) -}}
{{- end -}}
{{- end -}}

{{/*
JDBC URL of a service's own database. With cnpg.enabled: <cluster>-rw.<namespace>.svc, or the database's Pooler when
cnpg.pooler.enabled. Context: the service context.
*/}}
{{- define "kidsafe.jdbcUrl" -}}
{{- if .svc.database.jdbcUrl -}}
{{- /* Production verifies the database server on a URL of its own too (issue 17 item 4), exactly one sslmode. */ -}}
{{- if and (include "kidsafe.isProduction" .root) (or (not (regexMatch "[?&]sslmode=verify-full(&|$)" .svc.database.jdbcUrl)) (gt (len (regexFindAll "[?&]sslmode=" .svc.database.jdbcUrl -1)) 1)) -}}
{{- fail (printf "global.mode=production: %s.database.jdbcUrl must verify the server: one sslmode=verify-full (with sslrootcert naming the server's CA in the pod), no other sslmode" .key) -}}
{{- end -}}
{{- .svc.database.jdbcUrl -}}
{{- else if .root.Values.cnpg.enabled -}}
{{- /* <cluster>-rw.<namespace>.svc: a name CloudNativePG's server certificate carries, so verify-full checks it. */ -}}
{{- /* Through the database's PgBouncer when there is one: its Service name is one of the cluster certificate's names too. */ -}}
{{- $host := printf "%s-rw" (include "kidsafe.cnpgClusterName" (dict "root" .root "db" .key)) -}}
{{- if .root.Values.cnpg.pooler.enabled }}{{ $host = include "kidsafe.cnpgPoolerName" (dict "root" .root "db" .key) }}{{ end -}}
{{- $url := printf "jdbc:postgresql://%s.%s.svc:5432/%s" $host .root.Release.Namespace .key -}}
{{- $paths := include "kidsafe.paths" . | fromYaml -}}
{{- /* TLS with the server verified against the cluster's own CA, mounted from <cluster>-ca (issue 17 item 4). */ -}}
{{- $url = printf "%s?sslmode=verify-full&sslrootcert=%s/%s" $url $paths.postgresCaDir $paths.postgresCaFile -}}
{{- if contains "sslmode" .root.Values.cnpg.jdbcParameters -}}
{{- fail "cnpg.jdbcParameters must not set sslmode: the derived JDBC URLs always verify the server (sslmode=verify-full)" -}}
{{- end -}}
{{- with .root.Values.cnpg.jdbcParameters }}{{ $url = printf "%s&%s" $url . }}{{ end -}}
{{- $url -}}
{{- else -}}
{{- include "kidsafe.requiredInProduction" (dict "root" .root "value" "" "path" (printf "%s.database.jdbcUrl" .key)) -}}
{{- end -}}
{{- end -}}

{{/* Mount points of the secret (and public key) files. */}}
{{- define "kidsafe.paths" -}}
signingKeyDir: /etc/kidsafe/signing
signingKeyFile: signing.key
signingPublicKeyFile: signing.pub
trustedReportKeysDir: /etc/kidsafe/trusted-report-keys
retiredSigningKeysDir: /etc/kidsafe/signing-retired
kekDir: /etc/kidsafe/kek
kekFile: kek
retiredKekPrefix: retired-
kafkaCaDir: /etc/kidsafe/kafka-ca
kafkaCaFile: ca.crt
postgresCaDir: /etc/kidsafe/postgres-ca
postgresCaFile: ca.crt
tlsDir: /etc/kidsafe/tls
servicesCaDir: /etc/kidsafe/services-ca
servicesCaFile: ca.crt
databasePasswordDir: /etc/kidsafe/secrets/database
kafkaPasswordDir: /etc/kidsafe/secrets/kafka
keycloakSecretDir: /etc/kidsafe/secrets/keycloak
secretFile: secret
mediaDir: /var/lib/kidsafe/media
{{- end -}}

{{/*
Name of the ConfigMap holding the PUBLIC keys consent-service verifies erasure reports with. Context: the service
context.
*/}}
{{- define "kidsafe.trustedReportKeysName" -}}
{{- printf "%s-trusted-report-keys" (include "kidsafe.resourceName" . | trunc 42 | trimSuffix "-") -}}
{{- end -}}

{{/* Name of the ConfigMap holding a service's retired PUBLIC signing keys. Context: the service context. */}}
{{- define "kidsafe.retiredSigningKeysName" -}}
{{- printf "%s-retired-signing-keys" (include "kidsafe.resourceName" . | trunc 42 | trimSuffix "-") -}}
{{- end -}}

{{/*
The participants' retired report keys to render: participant -> (key id -> PEM), only participants that have some.
Context: the service context. Returns YAML (a map, possibly empty).
*/}}
{{- define "kidsafe.retiredReportKeys" -}}
{{- $out := dict -}}
{{- if .svc.erasure -}}
{{- range $p := .svc.erasure.participants -}}
{{- $keys := index (default (dict) $.svc.erasure.retiredReportKeys) $p | default dict -}}
{{- if $keys }}{{ $_ := set $out $p $keys }}{{ end -}}
{{- end -}}
{{- end -}}
{{- toYaml $out -}}
{{- end -}}

{{/*
The trusted report keys to render: participant -> PEM, only the participants that have one. In production mode every
participant must have one. Context: the service context. Returns YAML (a map, possibly empty).
*/}}
{{- define "kidsafe.trustedReportKeys" -}}
{{- $out := dict -}}
{{- if .svc.erasure -}}
{{- $keys := .svc.erasure.trustedReportKeys -}}
{{- range $p := .svc.erasure.participants -}}
{{- $pem := index $keys $p | default "" | trim -}}
{{- include "kidsafe.requiredInProduction" (dict "root" $.root "value" $pem "path" (printf "%s.erasure.trustedReportKeys.%s (the PEM public key of %s's signing key)" $.key $p $p)) -}}
{{- if $pem }}{{ $_ := set $out $p $pem }}{{ end -}}
{{- end -}}
{{- end -}}
{{- toYaml $out -}}
{{- end -}}

{{/*
Settings whose config keys are map entries with a dash in the key (kidsafe.erasure.trusted-keys."profile-service",
kidsafe.kek.retired."kek-0"): an environment variable cannot name them (Quarkus would read KIDSAFE_KEK_RETIRED_KEK_0
as the key "kek.0"), so they go to the JVM as -D system properties appended to JAVA_OPTS_APPEND. Returns a string.
Context: the service context.
*/}}
{{- define "kidsafe.systemProperties" -}}
{{- $paths := include "kidsafe.paths" . | fromYaml -}}
{{- $props := list -}}
{{- if .svc.erasure -}}
{{- range $service, $pem := (include "kidsafe.trustedReportKeys" . | fromYaml) -}}
{{- $props = append $props (printf "-Dkidsafe.erasure.trusted-keys.%s=%s/%s.pub,%s/%s.retired" $service $paths.trustedReportKeysDir $service $paths.trustedReportKeysDir $service) -}}
{{- end -}}
{{- end -}}
{{- range $name, $file := (include "kidsafe.secretFiles" . | fromYaml) -}}
{{- $props = append $props (printf "-Dkidsafe.secret-files.%s=%s" $name $file) -}}
{{- end -}}
{{- /* Channel names have dashes, which no environment variable can name. */ -}}
{{- if .svc.kafka -}}
{{- range .svc.kafka.consumes -}}
{{- $props = append $props (printf "-Dmp.messaging.incoming.%s.concurrency=%d" (include "kidsafe.kafkaChannel" .topic) (int $.root.Values.kafka.consumerConcurrency)) -}}
{{- end -}}
{{- end -}}
{{- if and .svc.kek (include "kidsafe.secretName" (dict "root" .root "key" .key "svc" .svc "kind" "kek")) -}}
{{- range $id, $key := .svc.kek.retired -}}
{{- $props = append $props (printf "-Dkidsafe.kek.retired.%s=%s/%s%s" $id $paths.kekDir $paths.retiredKekPrefix $id) -}}
{{- end -}}
{{- end -}}
{{- join " " $props -}}
{{- end -}}

{{/*
The rotatable credentials a service reads from mounted secret files at each use (service-commons' SecretFiles;
issue 16 item 5), by kidsafe.secret-files name: its database password and its Keycloak client secret (kidsafe.keycloakClientKinds). A Secret mounted
as a directory (not subPath) is updated in place by the kubelet, so a rotated secret reaches the running pods without
a restart. Returns YAML: name -> file. Context: the service context.
*/}}
{{- define "kidsafe.secretFiles" -}}
{{- $paths := include "kidsafe.paths" . | fromYaml -}}
{{- $files := dict -}}
{{- if and .svc.database (include "kidsafe.secretName" (dict "root" .root "key" .key "svc" .svc "kind" "database")) -}}
{{- $_ := set $files "database" (printf "%s/%s" $paths.databasePasswordDir $paths.secretFile) -}}
{{- end -}}
{{- range $kind := include "kidsafe.keycloakClientKinds" . | fromYamlArray -}}
{{- if and (index $.svc $kind) (include "kidsafe.secretName" (dict "root" $.root "key" $.key "svc" $.svc "kind" $kind)) -}}
{{- $_ := set $files "keycloak-client" (printf "%s/%s" $paths.keycloakSecretDir $paths.secretFile) -}}
{{- end -}}
{{- end -}}
{{- toYaml $files -}}
{{- end -}}

{{/*
The values blocks that hold a service's one Keycloak confidential client (url, realm, client id, existingSecret,
secretKey): profile's keycloak (kidsafe-device-registrar), consent's parentAccounts (kidsafe-parent-accounts, issue 19
item 5), the gateway's tokenExchange (kidsafe-gateway). Its secret is mounted as the file kidsafe.secret-files.keycloak-client.
Returns a YAML list.
*/}}
{{- define "kidsafe.keycloakClientKinds" -}}
{{- toYaml (list "keycloak" "parentAccounts" "tokenExchange") -}}
{{- end -}}

{{/*
Keycloak base URL of a service's Admin API calls (profile-service's registrar, consent-service's parent accounts): the
client block's own url, or oidc.issuer without /realms/<realm>. Context: dict "root" "cfg" (the client's values block).
*/}}
{{- define "kidsafe.keycloakUrl" -}}
{{- if .cfg.url -}}
{{- .cfg.url | trimSuffix "/" -}}
{{- else if .root.Values.oidc.issuer -}}
{{- regexReplaceAll "/realms/[^/]+/?$" .root.Values.oidc.issuer "" -}}
{{- end -}}
{{- end -}}

{{/*
Production's JVM options of a service (issue 22 item 1), the same as embedded-platform's ServiceJvm.podOptions() with
which the launcher, the end-to-end tests and the benchmarks run it (deploy's ServiceJvmChartTest compares them): the
heap as a percentage of the container's memory limit, a small initial heap, the GC, the processor count of the CPU
limit (rounded up to whole CPUs: "500m" -> 1, "2" -> 2), the native heap's trim interval, then the image's AOT cache. Context: the service context.
*/}}
{{- define "kidsafe.jvmOptions" -}}
{{- $jvm := .svc.jvm -}}
{{- $cpu := toString .svc.resources.limits.cpu -}}
{{- $cpus := 0 -}}
{{- if hasSuffix "m" $cpu -}}
{{- $cpus = ceil (divf (float64 (trimSuffix "m" $cpu)) 1000) | int -}}
{{- else -}}
{{- $cpus = ceil (float64 $cpu) | int -}}
{{- end -}}
{{- $options := list (printf "-XX:MaxRAMPercentage=%d.0" (int $jvm.maxRamPercentage)) (printf "-Xms%dm" (int $jvm.initialHeapMib)) (printf "-XX:+Use%s" $jvm.gc) (printf "-XX:ActiveProcessorCount=%d" (max 1 $cpus)) (printf "-XX:TrimNativeHeapInterval=%d" (int $jvm.trimNativeHeapIntervalMs)) -}}
{{- with $jvm.aotCache }}{{ $options = append $options (printf "-XX:AOTCache=%s" .) }}{{ end -}}
{{- join " " $options -}}
{{- end -}}

{{/*
THE non-secret environment of a service (its ConfigMap data), from the features present in its values:
database, kafka, signingKey, erasure, mailer, kek, keycloak, erasureWorker, erasureRequests, erasureReports, store; the shared retention policy (every service but the
gateway); the gateway's upstream URLs, limits and CORS origins. Returns YAML.
Context: the service context.
*/}}
{{- define "kidsafe.configData" -}}
{{- $root := .root -}}
{{- $svc := .svc -}}
{{- $paths := include "kidsafe.paths" . | fromYaml -}}
{{- include "kidsafe.requiredInProduction" (dict "root" $root "value" $root.Values.oidc.issuer "path" "oidc.issuer") -}}
{{- $d := dict "QUARKUS_HTTP_PORT" "8080" "QUARKUS_MANAGEMENT_PORT" "9000" "KIDSAFE_OIDC_ISSUER" $root.Values.oidc.issuer "KIDSAFE_OIDC_AUDIENCE" $svc.oidc.audience -}}
{{- $javaOpts := list (include "kidsafe.jvmOptions" .) -}}
{{- $_ := set $d "MALLOC_ARENA_MAX" (toString (int $svc.jvm.mallocArenaMax)) -}}
{{- with $svc.jvmOptions }}{{ $javaOpts = append $javaOpts . }}{{ end -}}
{{- with include "kidsafe.systemProperties" . }}{{ $javaOpts = append $javaOpts . }}{{ end -}}
{{- with $javaOpts }}{{ $_ := set $d "JAVA_OPTS_APPEND" (join " " .) }}{{ end -}}
{{- if ne .key "gateway" -}}
{{- $r := $root.Values.retention -}}
{{- $_ := set $d "KIDSAFE_RETENTION_PHOTOS" $r.photos -}}
{{- $_ := set $d "KIDSAFE_RETENTION_VOICE" $r.voice -}}
{{- $_ := set $d "KIDSAFE_RETENTION_CHAT" $r.chat -}}
{{- $_ := set $d "KIDSAFE_RETENTION_PROFILE_INACTIVITY" $r.profileInactivity -}}
{{- $_ := set $d "KIDSAFE_RETENTION_ABANDONED_SIGN_UP" $r.abandonedSignUp -}}
{{- $_ := set $d "KIDSAFE_KEK_ROTATION_PERIOD" $r.kekRotationPeriod -}}
{{- $_ := set $d "KIDSAFE_ERASURE_KEEP_FOR" $r.erasureRecords -}}
{{- end -}}
{{- if $svc.database -}}
{{- $_ := set $d "QUARKUS_DATASOURCE_JDBC_URL" (include "kidsafe.jdbcUrl" .) -}}
{{- $_ := set $d "QUARKUS_DATASOURCE_JDBC_MAX_SIZE" (toString (int $svc.database.poolSize)) -}}
{{- if hasKey (include "kidsafe.secretFiles" . | fromYaml) "database" -}}
{{- $_ := set $d "QUARKUS_DATASOURCE_CREDENTIALS_PROVIDER" "database" -}}
{{- end -}}
{{- end -}}
{{- if $svc.kafka -}}
{{- include "kidsafe.requiredInProduction" (dict "root" $root "value" $root.Values.kafka.bootstrapServers "path" "kafka.bootstrapServers") -}}
{{- if and (include "kidsafe.isProduction" $root) (not (has $root.Values.kafka.securityProtocol (list "SASL_SSL" "SSL"))) -}}
{{- fail "global.mode=production: kafka.securityProtocol must be SASL_SSL (or SSL): records and logins never cross the network in clear (issue 17 item 4)" -}}
{{- end -}}
{{- $_ := set $d "KAFKA_BOOTSTRAP_SERVERS" $root.Values.kafka.bootstrapServers -}}
{{- $_ := set $d "KAFKA_SECURITY_PROTOCOL" $root.Values.kafka.securityProtocol -}}
{{- $_ := set $d "KAFKA_SASL_MECHANISM" $root.Values.kafka.saslMechanism -}}
{{- if include "kidsafe.secretName" (dict "root" $root "key" .key "svc" $svc "kind" "kafka") -}}
{{- /* The password stays in its mounted file, read at every (re-)authentication: a rotation needs no restart. */ -}}
{{- $user := default (include "kidsafe.resourceName" .) $svc.kafka.username -}}
{{- $_ := set $d "KAFKA_SASL_JAAS_CONFIG" (printf "org.apache.kafka.common.security.scram.ScramLoginModule required username=%s passwordFile=%s;" ($user | quote) (printf "%s/%s" $paths.kafkaPasswordDir $paths.secretFile | quote)) -}}
{{- $_ := set $d "KAFKA_SASL_CLIENT_CALLBACK_HANDLER_CLASS" "org.kidsafe.events.kafka.PasswordFileScramLogin" -}}
{{- end -}}
{{- if include "kidsafe.kafkaCaSecret" $root -}}
{{- $_ := set $d "KAFKA_SSL_TRUSTSTORE_TYPE" "PEM" -}}
{{- $_ := set $d "KAFKA_SSL_TRUSTSTORE_LOCATION" (printf "%s/%s" $paths.kafkaCaDir $paths.kafkaCaFile) -}}
{{- end -}}
{{- end -}}
{{- if and $svc.signingKey (include "kidsafe.secretName" (dict "root" .root "key" .key "svc" .svc "kind" "signingKey")) -}}
{{- $_ := set $d "KIDSAFE_SIGNING_PRIVATE_KEY_FILE" (printf "%s/%s" $paths.signingKeyDir $paths.signingKeyFile) -}}
{{- end -}}
{{- if and $svc.signingKey $svc.signingKey.retiredPublicKeys -}}
{{- $_ := set $d "KIDSAFE_SIGNING_RETIRED_KEYS_DIRECTORY" $paths.retiredSigningKeysDir -}}
{{- end -}}
{{- if $svc.ledger -}}
{{- $_ := set $d "KIDSAFE_LEDGER_KEEP_FOR" $svc.ledger.keepFor -}}
{{- end -}}
{{- if $svc.erasure -}}
{{- $_ := set $d "KIDSAFE_ERASURE_PARTICIPANTS" (join "," $svc.erasure.participants) -}}
{{- $_ := set $d "KIDSAFE_ERASURE_DEADLINE" $svc.erasure.deadline -}}
{{- end -}}
{{- if $svc.mailer -}}
{{- include "kidsafe.requiredInProduction" (dict "root" $root "value" $svc.mailer.host "path" (printf "%s.mailer.host" .key)) -}}
{{- include "kidsafe.requiredInProduction" (dict "root" $root "value" $svc.mailer.from "path" (printf "%s.mailer.from" .key)) -}}
{{- $_ := set $d "QUARKUS_MAILER_HOST" $svc.mailer.host -}}
{{- $_ := set $d "QUARKUS_MAILER_PORT" (toString (int $svc.mailer.port)) -}}
{{- $_ := set $d "QUARKUS_MAILER_FROM" $svc.mailer.from -}}
{{- $_ := set $d "QUARKUS_MAILER_START_TLS" $svc.mailer.startTls -}}
{{- with $root.Values.gateway.ingress.hosts }}{{ $_ := set $d "KIDSAFE_CONSENT_PRIVACY_CENTER_URL" (printf "https://%s/privacy-center/" (first .).host) }}{{ end -}}
{{- end -}}
{{- if and $svc.kek (include "kidsafe.secretName" (dict "root" .root "key" .key "svc" .svc "kind" "kek")) -}}
{{- $_ := set $d "KIDSAFE_KEK_FILE" (printf "%s/%s" $paths.kekDir $paths.kekFile) -}}
{{- $_ := set $d "KIDSAFE_KEK_KEY_ID" $svc.kek.keyId -}}
{{- with $svc.kek.fingerprintKeyId }}{{ $_ := set $d "KIDSAFE_KEK_FINGERPRINT_KEY_ID" . }}{{ end -}}
{{- end -}}
{{- if $svc.keycloak -}}
{{- $kcUrl := include "kidsafe.keycloakUrl" (dict "root" $root "cfg" $svc.keycloak) -}}
{{- include "kidsafe.requiredInProduction" (dict "root" $root "value" $kcUrl "path" (printf "%s.keycloak.url (or oidc.issuer)" .key)) -}}
{{- $_ := set $d "KIDSAFE_KEYCLOAK_URL" $kcUrl -}}
{{- $_ := set $d "KIDSAFE_KEYCLOAK_REALM" $svc.keycloak.realm -}}
{{- $_ := set $d "KIDSAFE_KEYCLOAK_REGISTRAR_CLIENT_ID" $svc.keycloak.registrarClientId -}}
{{- end -}}
{{- with $svc.parentAccounts -}}
{{- /* consent-service deletes a leaving or idle-purged parent's Keycloak user (issue 19 item 5). */ -}}
{{- $paUrl := include "kidsafe.keycloakUrl" (dict "root" $root "cfg" .) -}}
{{- include "kidsafe.requiredInProduction" (dict "root" $root "value" $paUrl "path" (printf "%s.parentAccounts.url (or oidc.issuer)" $.key)) -}}
{{- with $paUrl }}{{ $_ := set $d "KIDSAFE_PARENT_ACCOUNTS_URL" . }}{{ end -}}
{{- $_ := set $d "KIDSAFE_PARENT_ACCOUNTS_REALM" .realm -}}
{{- $_ := set $d "KIDSAFE_PARENT_ACCOUNTS_CLIENT_ID" .clientId -}}
{{- end -}}
{{- with $svc.erasureWorker -}}
{{- $_ := set $d "KIDSAFE_MEDIA_ERASURE_CONCURRENCY" (toString (int .concurrency)) -}}
{{- end -}}
{{- with $svc.erasureRequests -}}
{{- $_ := set $d "KIDSAFE_ERASURE_REQUESTS_CONCURRENCY" (toString (int .concurrency)) -}}
{{- end -}}
{{- with $svc.erasureReports -}}
{{- $_ := set $d "KIDSAFE_ERASURE_REPORTS_CONCURRENCY" (toString (int .concurrency)) -}}
{{- end -}}
{{- if $svc.store -}}
{{- $_ := set $d "KIDSAFE_MEDIA_STORE_TYPE" $svc.store.type -}}
{{- if eq $svc.store.type "s3" -}}
{{- $s3 := $svc.store.s3 -}}
{{- if not $s3.bucket }}{{ fail (printf "%s.store.s3.bucket is required when %s.store.type=s3" .key .key) }}{{ end -}}
{{- $_ := set $d "KIDSAFE_MEDIA_STORE_S3_BUCKET" $s3.bucket -}}
{{- $_ := set $d "KIDSAFE_MEDIA_STORE_S3_ENDPOINT" $s3.endpoint -}}
{{- $_ := set $d "KIDSAFE_MEDIA_STORE_S3_REGION" $s3.region -}}
{{- $_ := set $d "KIDSAFE_MEDIA_STORE_S3_PATH_STYLE" (toString $s3.pathStyle) -}}
{{- else -}}
{{- $_ := set $d "KIDSAFE_MEDIA_STORE_DIRECTORY" $paths.mediaDir -}}
{{- end -}}
{{- end -}}
{{- if eq (include "kidsafe.internalTls" $root) "true" -}}
{{- if eq .key "gateway" -}}
{{- $_ := set $d "KIDSAFE_GATEWAY_SERVICES_TRUSTED_CERTIFICATES" (printf "%s/%s" $paths.servicesCaDir $paths.servicesCaFile) -}}
{{- end -}}
{{- /*
HTTPS only, on the same port (Quarkus opens no plain HTTP port when insecure requests are disabled): the services for
the gateway, the gateway for the ingress (gateway-ingress.yaml verifies it).
*/ -}}
{{- $_ := set $d "QUARKUS_HTTP_SSL_PORT" "8080" -}}
{{- $_ := set $d "QUARKUS_HTTP_INSECURE_REQUESTS" "disabled" -}}
{{- $_ := set $d "QUARKUS_HTTP_SSL_CERTIFICATE_FILES" (printf "%s/tls.crt" $paths.tlsDir) -}}
{{- $_ := set $d "QUARKUS_HTTP_SSL_CERTIFICATE_KEY_FILES" (printf "%s/tls.key" $paths.tlsDir) -}}
{{- /* cert-manager renews the files in place; the service takes the new pair up without a restart. */ -}}
{{- $_ := set $d "QUARKUS_HTTP_SSL_CERTIFICATE_RELOAD_PERIOD" "1h" -}}
{{- end -}}
{{- if eq .key "gateway" -}}
{{- $_ := set $d "KIDSAFE_GATEWAY_CONSENT_URL" (include "kidsafe.serviceUrl" (dict "root" $root "key" "consent")) -}}
{{- $_ := set $d "KIDSAFE_GATEWAY_PROFILE_URL" (include "kidsafe.serviceUrl" (dict "root" $root "key" "profile")) -}}
{{- $_ := set $d "KIDSAFE_GATEWAY_MEDIA_URL" (include "kidsafe.serviceUrl" (dict "root" $root "key" "media")) -}}
{{- $_ := set $d "KIDSAFE_GATEWAY_CORS_ORIGINS" (join "," $svc.corsOrigins) -}}
{{- $_ := set $d "KIDSAFE_GATEWAY_CLIENT_ID" $svc.tokenExchange.clientId -}}
{{- if gt (int64 $svc.tokenExchange.cacheMaxEntries) 0 }}{{ $_ := set $d "KIDSAFE_GATEWAY_TOKEN_CACHE_ENTRIES" (toString (int64 $svc.tokenExchange.cacheMaxEntries)) }}{{ end -}}
{{- if gt (float64 $svc.rateLimit.perSecond) 0.0 }}{{ $_ := set $d "KIDSAFE_GATEWAY_RATE_PER_SECOND" (toString $svc.rateLimit.perSecond) }}{{ end -}}
{{- if gt (int64 $svc.rateLimit.burst) 0 }}{{ $_ := set $d "KIDSAFE_GATEWAY_RATE_BURST" (toString (int64 $svc.rateLimit.burst)) }}{{ end -}}
{{- if gt (int64 $svc.rateLimit.leaseMaxTokens) 0 }}{{ $_ := set $d "KIDSAFE_GATEWAY_RATE_LEASE_TOKENS" (toString (int64 $svc.rateLimit.leaseMaxTokens)) }}{{ end -}}
{{- if gt (float64 $svc.publicRateLimit.perSecond) 0.0 }}{{ $_ := set $d "KIDSAFE_GATEWAY_PUBLIC_RATE_PER_SECOND" (toString $svc.publicRateLimit.perSecond) }}{{ end -}}
{{- if gt (int64 $svc.publicRateLimit.burst) 0 }}{{ $_ := set $d "KIDSAFE_GATEWAY_PUBLIC_RATE_BURST" (toString (int64 $svc.publicRateLimit.burst)) }}{{ end -}}
{{- if gt (int64 $svc.mediaMaxBytes) 0 }}{{ $_ := set $d "KIDSAFE_GATEWAY_MEDIA_MAX_BYTES" (toString (int64 $svc.mediaMaxBytes)) }}{{ end -}}
{{- /* Per-address limits see the client the ingress names, and only the ingress may name one (issue 17 item 2). */ -}}
{{- with $svc.trustedProxies }}{{ $_ := set $d "KIDSAFE_GATEWAY_FORWARDING" "true" }}{{ $_ := set $d "KIDSAFE_GATEWAY_TRUSTED_PROXIES" (join "," .) }}{{ end -}}
{{- end -}}
{{- range $k, $v := $svc.extraConfig -}}
{{- if hasKey $d $k -}}
{{- fail (printf "%s.extraConfig.%s: the chart sets %s itself; use its dedicated value" $.key $k $k) -}}
{{- end -}}
{{- $_ := set $d $k (toString $v) -}}
{{- end -}}
{{- /* An empty environment variable would hide the service's own default: leave unset values out. */ -}}
{{- range $k, $v := $d -}}
{{- if eq (toString $v) "" }}{{ $_ := unset $d $k }}{{ end -}}
{{- end -}}
{{- toYaml $d -}}
{{- end -}}

{{/* One env entry read from a secret key. Context: dict "env" "secret" "key". */}}
{{- define "kidsafe.secretEnvEntry" -}}
- name: {{ .env }}
  valueFrom:
    secretKeyRef:
      name: {{ .secret | quote }}
      key: {{ .key | quote }}
{{- end -}}

{{/*
THE secret environment of a service: env entries with secretKeyRef, each to a secret of the service's own.
Context: the service context.
*/}}
{{- define "kidsafe.secretEnv" -}}
{{- $svc := .svc -}}
{{- if $svc.database -}}
{{- with include "kidsafe.secretName" (dict "root" .root "key" .key "svc" .svc "kind" "database") }}
{{ include "kidsafe.secretEnvEntry" (dict "env" "QUARKUS_DATASOURCE_USERNAME" "secret" . "key" $svc.database.usernameKey) }}
{{- end -}}
{{- end -}}
{{- if $svc.mailer -}}
{{- with include "kidsafe.secretName" (dict "root" .root "key" .key "svc" .svc "kind" "mailer") }}
{{ include "kidsafe.secretEnvEntry" (dict "env" "QUARKUS_MAILER_USERNAME" "secret" . "key" $svc.mailer.usernameKey) }}
{{ include "kidsafe.secretEnvEntry" (dict "env" "QUARKUS_MAILER_PASSWORD" "secret" . "key" $svc.mailer.passwordKey) }}
{{- end -}}
{{- end -}}
{{- if $svc.pseudonymisation -}}
{{- with include "kidsafe.secretName" (dict "root" .root "key" .key "svc" .svc "kind" "pseudonymisation") }}
{{ include "kidsafe.secretEnvEntry" (dict "env" "KIDSAFE_PSEUDONYMISATION_KEY" "secret" . "key" $svc.pseudonymisation.secretKey) }}
{{- end -}}
{{- end -}}
{{- /* S3 credentials are optional: without a secret the SDK's default chain (a workload identity) applies. */ -}}
{{- if and $svc.store (eq $svc.store.type "s3") $svc.store.s3.existingSecret }}
{{ include "kidsafe.secretEnvEntry" (dict "env" "KIDSAFE_MEDIA_S3_ACCESS_KEY_ID" "secret" $svc.store.s3.existingSecret "key" $svc.store.s3.accessKeyIdKey) }}
{{ include "kidsafe.secretEnvEntry" (dict "env" "KIDSAFE_MEDIA_S3_SECRET_ACCESS_KEY" "secret" $svc.store.s3.existingSecret "key" $svc.store.s3.secretAccessKeyKey) }}
{{- end -}}
{{- end -}}

{{/*
Volumes of a service (as a YAML list, possibly empty): /tmp, its own secret files, the public Kafka CA, the media
store. Context: the service context.
*/}}
{{- define "kidsafe.volumes" -}}
{{- $svc := .svc -}}
{{- $paths := include "kidsafe.paths" . | fromYaml -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ $svc.tmpSizeLimit }}
{{- if $svc.signingKey -}}
{{- with include "kidsafe.secretName" (dict "root" .root "key" .key "svc" .svc "kind" "signingKey") }}
- name: signing-key
  secret:
    secretName: {{ . | quote }}
    defaultMode: 288
    items:
      - key: {{ $svc.signingKey.privateKeyKey | quote }}
        path: {{ $paths.signingKeyFile }}
      - key: {{ $svc.signingKey.publicKeyKey | quote }}
        path: {{ $paths.signingPublicKeyFile }}
{{- end -}}
{{- end -}}
{{- if and $svc.erasure (include "kidsafe.trustedReportKeys" . | fromYaml) }}
- name: trusted-report-keys
  configMap:
    name: {{ include "kidsafe.trustedReportKeysName" . | quote }}
    defaultMode: 292
    items:
      {{- range $service, $pem := (include "kidsafe.trustedReportKeys" . | fromYaml) }}
      - key: {{ printf "%s.pub" $service | quote }}
        path: {{ printf "%s.pub" $service | quote }}
      {{- end }}
      {{- range $service, $keys := (include "kidsafe.retiredReportKeys" . | fromYaml) }}
      {{- range $keyId, $pem := $keys }}
      - key: {{ printf "%s.retired.%s.pub" $service $keyId | quote }}
        path: {{ printf "%s.retired/%s.pub" $service $keyId | quote }}
      {{- end }}
      {{- end }}
{{- end -}}
{{- if and $svc.signingKey $svc.signingKey.retiredPublicKeys }}
- name: retired-signing-keys
  configMap:
    name: {{ include "kidsafe.retiredSigningKeysName" . | quote }}
    defaultMode: 292
{{- end -}}
{{- if $svc.kek -}}
{{- with include "kidsafe.secretName" (dict "root" .root "key" .key "svc" .svc "kind" "kek") }}
- name: kek
  secret:
    secretName: {{ . | quote }}
    defaultMode: 288
    items:
      - key: {{ $svc.kek.key | quote }}
        path: {{ $paths.kekFile }}
      {{- range $id, $key := $svc.kek.retired }}
      - key: {{ $key | quote }}
        path: {{ printf "%s%s" $paths.retiredKekPrefix $id }}
      {{- end }}
{{- end -}}
{{- end -}}
{{- if $svc.database -}}
{{- with include "kidsafe.secretName" (dict "root" .root "key" .key "svc" .svc "kind" "database") }}
- name: database-password
  secret:
    secretName: {{ . | quote }}
    defaultMode: 288
    items:
      - key: {{ $svc.database.passwordKey | quote }}
        path: {{ $paths.secretFile }}
{{- end -}}
{{- end -}}
{{- if $svc.kafka -}}
{{- with include "kidsafe.secretName" (dict "root" .root "key" .key "svc" .svc "kind" "kafka") }}
- name: kafka-password
  secret:
    secretName: {{ . | quote }}
    defaultMode: 288
    items:
      - key: {{ $svc.kafka.passwordKey | quote }}
        path: {{ $paths.secretFile }}
{{- end -}}
{{- end -}}
{{- range $kind := include "kidsafe.keycloakClientKinds" . | fromYamlArray -}}
{{- if index $svc $kind -}}
{{- with include "kidsafe.secretName" (dict "root" $.root "key" $.key "svc" $svc "kind" $kind) }}
- name: keycloak-secret
  secret:
    secretName: {{ . | quote }}
    defaultMode: 288
    items:
      - key: {{ (index $svc $kind).secretKey | quote }}
        path: {{ $paths.secretFile }}
{{- end -}}
{{- end -}}
{{- end -}}
{{- with include "kidsafe.postgresCaSecret" . }}
- name: postgres-ca
  secret:
    secretName: {{ . | quote }}
    defaultMode: 292
    items:
      {{- /* Only the certificate: the same secret holds the CA's private key, which never reaches a service. */}}
      - key: ca.crt
        path: {{ $paths.postgresCaFile }}
{{- end -}}
{{- if eq (include "kidsafe.internalTls" .root) "true" }}
- name: tls
  secret:
    secretName: {{ include "kidsafe.tlsSecretName" . | quote }}
    defaultMode: 288
    items:
      - key: tls.crt
        path: tls.crt
      - key: tls.key
        path: tls.key
{{- end -}}
{{- if and (eq (include "kidsafe.internalTls" .root) "true") (eq .key "gateway") }}
{{- $ca := include "kidsafe.servicesCa" .root | fromYaml }}
- name: services-ca
  secret:
    secretName: {{ $ca.secret | quote }}
    defaultMode: 292
    items:
      - key: {{ $ca.key | quote }}
        path: {{ $paths.servicesCaFile }}
{{- end -}}
{{- if and $svc.kafka (include "kidsafe.kafkaCaSecret" .root) }}
- name: kafka-ca
  secret:
    secretName: {{ include "kidsafe.kafkaCaSecret" .root | quote }}
    defaultMode: 292
    items:
      - key: {{ .root.Values.kafka.tls.caKey | quote }}
        path: {{ $paths.kafkaCaFile }}
{{- end -}}
{{- if and $svc.store (eq $svc.store.type "filesystem") }}
- name: media-store
{{- if $svc.store.persistence.enabled }}
  persistentVolumeClaim:
    claimName: {{ default (printf "%s-store" (include "kidsafe.resourceName" .)) $svc.store.persistence.existingClaim | quote }}
{{- else }}
  emptyDir: {}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Volume mounts matching kidsafe.volumes. Context: the service context. */}}
{{- define "kidsafe.volumeMounts" -}}
{{- $paths := include "kidsafe.paths" . | fromYaml -}}
{{- range (include "kidsafe.volumes" . | fromYamlArray) }}
- name: {{ .name }}
{{- if eq .name "tmp" }}
  mountPath: /tmp
{{- else if eq .name "signing-key" }}
  mountPath: {{ $paths.signingKeyDir }}
  readOnly: true
{{- else if eq .name "trusted-report-keys" }}
  mountPath: {{ $paths.trustedReportKeysDir }}
  readOnly: true
{{- else if eq .name "retired-signing-keys" }}
  mountPath: {{ $paths.retiredSigningKeysDir }}
  readOnly: true
{{- else if eq .name "kek" }}
  mountPath: {{ $paths.kekDir }}
  readOnly: true
{{- else if eq .name "database-password" }}
  mountPath: {{ $paths.databasePasswordDir }}
  readOnly: true
{{- else if eq .name "kafka-password" }}
  mountPath: {{ $paths.kafkaPasswordDir }}
  readOnly: true
{{- else if eq .name "keycloak-secret" }}
  mountPath: {{ $paths.keycloakSecretDir }}
  readOnly: true
{{- else if eq .name "kafka-ca" }}
  mountPath: {{ $paths.kafkaCaDir }}
  readOnly: true
{{- else if eq .name "postgres-ca" }}
  mountPath: {{ $paths.postgresCaDir }}
  readOnly: true
{{- else if eq .name "tls" }}
  mountPath: {{ $paths.tlsDir }}
  readOnly: true
{{- else if eq .name "services-ca" }}
  mountPath: {{ $paths.servicesCaDir }}
  readOnly: true
{{- else if eq .name "media-store" }}
  mountPath: {{ $paths.mediaDir }}
{{- end }}
{{- end }}
{{- end -}}

{{/*
One NetworkPolicy rule towards (or from) a peer: ipBlocks for its CIDRs, one namespace/pod selector for its labels,
on the given ports. Renders nothing when the peer names nothing (no rule means: denied).
Context: dict "dir" ("to" or "from"), "peer" (cidrs, namespaceLabels, podLabels), "ports" (list), "protocols".
*/}}
{{- define "kidsafe.peerRule" -}}
{{- $peer := default (dict) .peer -}}
{{- $peers := list -}}
{{- range $peer.cidrs -}}
{{- $peers = append $peers (dict "ipBlock" (dict "cidr" .)) -}}
{{- end -}}
{{- if or $peer.namespaceLabels $peer.podLabels -}}
{{- $sel := dict -}}
{{- with $peer.namespaceLabels }}{{ $_ := set $sel "namespaceSelector" (dict "matchLabels" .) }}{{ end -}}
{{- with $peer.podLabels }}{{ $_ := set $sel "podSelector" (dict "matchLabels" .) }}{{ end -}}
{{- $peers = append $peers $sel -}}
{{- end -}}
{{- if $peers -}}
{{- $ports := list -}}
{{- $protocols := default (list "TCP") .protocols -}}
{{- range $port := .ports -}}
{{- range $protocols -}}
{{- $ports = append $ports (dict "port" (int $port) "protocol" .) -}}
{{- end -}}
{{- end -}}
{{- toYaml (list (dict .dir $peers "ports" $ports)) -}}
{{- end -}}
{{- end -}}

{{/* A peer with a derived default when the configured one names nothing. Context: dict "peer" "derived". Returns YAML. */}}
{{- define "kidsafe.peerOrDerived" -}}
{{- $p := .peer -}}
{{- if or $p.cidrs $p.namespaceLabels $p.podLabels -}}
{{- toYaml $p -}}
{{- else -}}
{{- toYaml (default (dict) .derived) -}}
{{- end -}}
{{- end -}}
