#!/bin/sh
# Regenerates the vendored schemas from the operators' repositories at the pinned tags (README.md).
# Usage: generate.sh <dir holding the clones, named owner+name>
set -eu
src=$1
here=$(cd "$(dirname "$0")" && pwd)
gen() { # repo tag crd-path version output
    mkdir -p "$here/$(dirname "$5")"
    git -C "$src/$1" show "$2:$3" | python3 "$here/crd-to-json-schema.py" "$4" > "$here/$5"
}
S=strimzi+strimzi-kafka-operator; ST=1.2.0
gen $S $ST packaging/install/cluster-operator/040-Crd-kafka.yaml v1 kafka.strimzi.io/v1/Kafka.json
gen $S $ST packaging/install/cluster-operator/045-Crd-kafkanodepool.yaml v1 kafka.strimzi.io/v1/KafkaNodePool.json
gen $S $ST packaging/install/cluster-operator/043-Crd-kafkatopic.yaml v1 kafka.strimzi.io/v1/KafkaTopic.json
gen $S $ST packaging/install/cluster-operator/044-Crd-kafkauser.yaml v1 kafka.strimzi.io/v1/KafkaUser.json
C=cloudnative-pg+cloudnative-pg; CT=v1.30.0
gen $C $CT config/crd/bases/postgresql.cnpg.io_clusters.yaml v1 postgresql.cnpg.io/v1/Cluster.json
gen $C $CT config/crd/bases/postgresql.cnpg.io_scheduledbackups.yaml v1 postgresql.cnpg.io/v1/ScheduledBackup.json
B=cloudnative-pg+plugin-barman-cloud; BT=v0.14.0
gen $B $BT config/crd/bases/barmancloud.cnpg.io_objectstores.yaml v1 barmancloud.cnpg.io/v1/ObjectStore.json
G=kubernetes-sigs+gateway-api; GT=v1.6.1
gen $G $GT config/crd/standard/gateway.networking.k8s.io_httproutes.yaml v1 gateway.networking.k8s.io/v1/HTTPRoute.json
P=prometheus-operator+prometheus-operator; PT=v0.93.0
gen $P $PT example/prometheus-operator-crd/monitoring.coreos.com_podmonitors.yaml v1 monitoring.coreos.com/v1/PodMonitor.json
gen $P $PT example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml v1 monitoring.coreos.com/v1/ServiceMonitor.json
gen $P $PT example/prometheus-operator-crd/monitoring.coreos.com_prometheusrules.yaml v1 monitoring.coreos.com/v1/PrometheusRule.json
R=OT-CONTAINER-KIT+redis-operator; RT=v0.26.0
gen $R $RT config/crd/bases/redis.redis.opstreelabs.in_redisreplications.yaml v1beta2 redis.redis.opstreelabs.in/v1beta2/RedisReplication.json
gen $R $RT config/crd/bases/redis.redis.opstreelabs.in_redissentinels.yaml v1beta2 redis.redis.opstreelabs.in/v1beta2/RedisSentinel.json
