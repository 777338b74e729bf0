// What a k3s API server (and its controllers) would return for the stored
// objects: defaults, status, and the objects controllers create (nodes, pods,
// replica sets, endpoint slices, endpoints, service load-balancer pods),
// shaped by the faults of faults.json.

import { withCaBundle } from './istio.js';
import { clone, isObject, safeSuffix, sha256, uuidFrom } from './common.js';
import { BUILTIN, crdDescriptors, preferredApiVersion } from './resources.js';
import { allEntries, storedObject } from './store.js';
import type { Json } from './types.js';
import type { Faults } from '../install.js';

const WORKLOAD_KINDS = new Set(['Deployment', 'DaemonSet', 'StatefulSet']);

/** Faults for one context: the top-level ones with `contexts[<context>]` on top. */
export function contextFaults(faults: Faults, context: Json) {
  const base = faults ?? {};
  const own = base.contexts?.[context] ?? {};
  return {
    pods: { ...(base.pods ?? {}), ...(own.pods ?? {}) },
    events: [...(base.events ?? []), ...(own.events ?? [])],
    rollout: { ...(base.kubectl?.rollout ?? {}), ...(own.rollout ?? {}) },
    wait: { ...(base.kubectl?.wait ?? {}), ...(own.wait ?? {}) },
    jobs: { ...(base.kubectl?.jobs ?? {}), ...((own as Json).jobs ?? {}) },
    docker: base.docker ?? {},
    istio: base.istio ?? {},
    net: base.net ?? {},
  };
}

/** Looks a workload's fault up by `kind/name`, `namespace/kind/name` (kind singular, lowercase). */
export function faultFor(map: Json, kind: string, namespace: string, name: string) {
  const k = kind.toLowerCase();
  return map[`${namespace}/${k}/${name}`] ?? map[`${k}/${name}`];
}

function k3sVersion(image: string) {
  const tag = String(image ?? '').split(':')[1] ?? '';
  const match = /^v(\d+\.\d+\.\d+)-k3s(\d+)$/.exec(tag);
  return match ? `v${match[1]}+k3s${match[2]}` : 'v1.35.2+k3s1';
}

function hashIp(seed: string, prefix: string) {
  const h = sha256(seed);
  return `${prefix}.${parseInt(h.slice(0, 2), 16)}.${(parseInt(h.slice(2, 4), 16) % 253) + 2}`;
}

function intOrPercent(value: Json, total: Json, roundUp: Json) {
  if (typeof value === 'number') return value;
  const match = /^(\d+)%$/.exec(String(value ?? ''));
  if (!match) return Number(value) || 0;
  const raw = (Number(match[1]) * total) / 100;
  return roundUp ? Math.ceil(raw) : Math.floor(raw);
}

function condition(type: string, status: string, reason: string | undefined, message: string | undefined, time: string) {
  const c: Json = { type, status, lastTransitionTime: time };
  if (reason) c.reason = reason;
  if (message) c.message = message;
  return c;
}

function selectorMatches(selector: Json, labels: Json) {
  if (!selector) return false;
  const matchLabels = selector.matchLabels ?? (selector.matchExpressions ? {} : selector);
  for (const [k, v] of Object.entries(matchLabels)) if (labels?.[k] !== v) return false;
  for (const expr of selector.matchExpressions ?? []) {
    const has = labels && Object.hasOwn(labels, expr.key);
    const value = labels?.[expr.key];
    if (expr.operator === 'In' && !(has && expr.values.includes(value))) return false;
    if (expr.operator === 'NotIn' && has && expr.values.includes(value)) return false;
    if (expr.operator === 'Exists' && !has) return false;
    if (expr.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

export class ClusterView {
  api: Json;
  cluster: Json;
  created: Json;
  faults: Json;
  memo: Json;

  /**
   * @param cluster the k3d record; @param api the stored objects;
   * @param faults contextFaults(); @param info docker info (NCPU, MemTotal)
   */
  constructor({ cluster, api, faults }: { cluster: Json; api: Json; faults: Json }) {
    this.cluster = cluster;
    this.api = api;
    this.faults = faults;
    this.created = cluster.created;
    this.memo = new Map();
  }

  cached(key: string, fn: Json) {
    if (!this.memo.has(key)) this.memo.set(key, fn());
    return this.memo.get(key);
  }

  entries(kind: string, group: string) {
    return allEntries(this.api).filter((e) => e.kind === kind && (group === undefined || e.group === group));
  }

  descriptors() {
    return this.cached('descriptors', () => [
      ...BUILTIN,
      ...crdDescriptors(this.entries('CustomResourceDefinition', 'apiextensions.k8s.io').map(storedObject)),
    ]);
  }

  namespaceExists(name: string) {
    return this.entries('Namespace', '').some((e) => e.name === name);
  }

  // ------------------------------------------------------------ nodes

  k8sNodes() {
    return this.cluster.nodes.filter((n: Json) => n.role === 'server' || n.role === 'agent');
  }

  nodeObjects() {
    return this.cached('nodes', () =>
      this.k8sNodes().map((node: Json) => {
        const version = k3sVersion(node.image);
        const labels: Record<string, string> = {
          'beta.kubernetes.io/arch': 'amd64',
          'beta.kubernetes.io/instance-type': 'k3s',
          'beta.kubernetes.io/os': 'linux',
          'kubernetes.io/arch': 'amd64',
          'kubernetes.io/hostname': node.name,
          'kubernetes.io/os': 'linux',
          'node.kubernetes.io/instance-type': 'k3s',
        };
        if (node.role === 'server') {
          labels['node-role.kubernetes.io/control-plane'] = 'true';
          labels['node-role.kubernetes.io/master'] = 'true';
        }
        const ready = node.running;
        return {
          apiVersion: 'v1',
          kind: 'Node',
          metadata: {
            annotations: { 'k3s.io/internal-ip': node.ip, 'node.alpha.kubernetes.io/ttl': '0' },
            creationTimestamp: this.created,
            finalizers: ['wrangler.cattle.io/node'],
            labels,
            name: node.name,
            resourceVersion: '1',
            uid: uuidFrom(`node/${this.cluster.name}/${node.name}`),
          },
          spec: { podCIDR: '10.42.0.0/24', podCIDRs: ['10.42.0.0/24'], providerID: `k3s://${node.name}` },
          status: {
            addresses: [
              { address: node.ip, type: 'InternalIP' },
              { address: node.name, type: 'Hostname' },
            ],
            allocatable: { cpu: String(this.cpus()), 'ephemeral-storage': '60000000Ki', memory: `${this.memKi()}Ki`, pods: '110' },
            capacity: { cpu: String(this.cpus()), 'ephemeral-storage': '61255492Ki', memory: `${this.memKi()}Ki`, pods: '110' },
            conditions: [
              condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available', this.created),
              condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure', this.created),
              condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available', this.created),
              ready
                ? condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status', this.created)
                : condition('Ready', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.', this.created),
            ].map((c) => ({ ...c, lastHeartbeatTime: this.created })),
            daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
            nodeInfo: {
              architecture: 'amd64',
              bootID: uuidFrom(`boot/${node.name}`),
              containerRuntimeVersion: 'containerd://2.0.5-k3s1',
              kernelVersion: '6.8.0-60-generic',
              kubeProxyVersion: version,
              kubeletVersion: version,
              machineID: '',
              operatingSystem: 'linux',
              osImage: 'K3s v1.35.2+k3s1'.replace('v1.35.2+k3s1', version),
              systemUUID: uuidFrom(`system/${node.name}`),
            },
          },
        };
      }),
    );
  }

  cpus() {
    return this.faults.docker?.info?.NCPU ?? 8;
  }

  memKi() {
    return Math.floor((this.faults.docker?.info?.MemTotal ?? 16_663_445_504) / 1024);
  }

  // ------------------------------------------------------------ workloads and pods

  workloads() {
    return this.cached('workloads', () => {
      const out: Json[] = [];
      for (const entry of allEntries(this.api)) {
        if (entry.group !== 'apps' || !WORKLOAD_KINDS.has(entry.kind)) continue;
        const object = this.withDefaults(storedObject(entry));
        out.push(this.buildWorkload(entry, object));
      }
      return out;
    });
  }

  buildWorkload(entry: Json, object: Json) {
    const ns = entry.namespace;
    const nodes = this.k8sNodes();
    const template = object.spec?.template ?? {};
    const templateHash = safeSuffix(JSON.stringify(template), 10);
    const fault = faultFor(this.faults.rollout, entry.kind, ns, entry.name);
    const stuck = fault === 'never' || fault === 'deadline' || fault === 'unavailable';
    let desired;
    let names;
    if (entry.kind === 'DaemonSet') {
      desired = nodes.length;
      names = nodes.map((n: Json) => `${entry.name}-${safeSuffix(`${entry.uid}/${n.name}`, 5)}`);
    } else if (entry.kind === 'StatefulSet') {
      desired = object.spec?.replicas ?? 1;
      names = Array.from({ length: desired }, (_, i) => `${entry.name}-${i}`);
    } else {
      desired = object.spec?.replicas ?? 1;
      names = Array.from(
        { length: desired },
        (_, i) => `${entry.name}-${templateHash}-${safeSuffix(`${entry.uid}/${templateHash}/${i}`, 5)}`,
      );
    }
    const owner =
      entry.kind === 'Deployment'
        ? {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: `${entry.name}-${templateHash}`,
            uid: uuidFrom(`rs/${entry.uid}/${templateHash}`),
          }
        : { apiVersion: 'apps/v1', kind: entry.kind, name: entry.name, uid: entry.uid };
    // Fault pods of this namespace that belong to this workload replace its own pods.
    const faultPods = (this.faults.pods[ns] ?? []).filter((p: Json) => this.ownerOf(p, ns)?.uid === entry.uid);
    const pods: Json[] = [];
    const running = this.clusterRunning();
    for (const [index, fp] of faultPods.entries()) {
      pods.push(
        this.podFrom({ name: fp.name, ns, template, owner, templateHash, node: nodes[index % Math.max(nodes.length, 1)], fault: fp }),
      );
    }
    for (let i = faultPods.length; i < names.length; i++) {
      const fault = stuck || !running ? { ready: false, reason: running ? 'ContainerCreating' : undefined } : undefined;
      pods.push(
        this.podFrom({ name: names[i], ns, template, owner, templateHash, node: nodes[i % Math.max(nodes.length, 1)], fault, index: i }),
      );
    }
    const ready = pods.filter((p) => p.status.conditions.find((c: Json) => c.type === 'Ready')?.status === 'True').length;
    return { entry, object, desired, pods, ready, templateHash, fault };
  }

  clusterRunning() {
    return this.cluster.nodes.some((n: Json) => n.role === 'server' && n.running);
  }

  /** The workload a fault pod belongs to: `owner: kind/name`, else the longest `<workload>-` name prefix. */
  ownerOf(fp: Json, ns: string) {
    const candidates = allEntries(this.api).filter((e) => e.group === 'apps' && WORKLOAD_KINDS.has(e.kind) && e.namespace === ns);
    if (typeof fp.owner === 'string') {
      const [kind, name] = fp.owner.split('/');
      return candidates.find((e) => e.kind.toLowerCase() === kind.toLowerCase() && e.name === name);
    }
    return candidates.filter((e) => String(fp.name).startsWith(`${e.name}-`)).sort((a, b) => b.name.length - a.name.length)[0];
  }

  podFrom({ name, ns, template, owner, templateHash, node, fault, index = 0 }: Json) {
    const spec = clone(template.spec ?? {});
    const labels = { ...(template.metadata?.labels ?? {}), ...(fault?.labels ?? {}) };
    if (owner.kind === 'ReplicaSet') labels['pod-template-hash'] = templateHash;
    if (owner.kind === 'StatefulSet') labels['statefulset.kubernetes.io/pod-name'] = name;
    const uid = uuidFrom(`pod/${this.cluster.name}/${ns}/${name}`);
    const podIP = `10.42.0.${(parseInt(sha256(`${ns}/${name}`).slice(0, 2), 16) % 250) + 3}`;
    spec.nodeName = node?.name;
    spec.serviceAccountName ??= spec.serviceAccount ?? 'default';
    spec.restartPolicy ??= 'Always';
    spec.schedulerName ??= 'default-scheduler';
    spec.dnsPolicy ??= 'ClusterFirst';
    spec.containers = (spec.containers ?? [{ name: 'main', image: fault?.image ?? 'busybox' }]).map((c: Json) => ({
      imagePullPolicy: 'IfNotPresent',
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      ...c,
    }));
    const status: Json = this.podStatus({ name, ns, uid, spec, fault, podIP, node });
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        annotations: { ...(template.metadata?.annotations ?? {}) },
        creationTimestamp: this.created,
        ...(owner.kind === 'StatefulSet' ? {} : { generateName: name.slice(0, name.lastIndexOf('-') + 1) }),
        labels,
        name,
        namespace: ns,
        ownerReferences: [{ ...owner, blockOwnerDeletion: true, controller: true }],
        resourceVersion: String(100 + index),
        uid,
      },
      spec,
      status,
    };
  }

  podStatus({ name, ns, uid, spec, fault, podIP, node }: Json) {
    const t = this.created;
    const ready = fault ? fault.ready === true : true;
    const reason = fault?.reason;
    const containers = spec.containers ?? [];
    const given = Array.isArray(fault?.containers) ? fault.containers : undefined;
    const unschedulable = !ready && (reason === 'Unschedulable' || (fault?.phase === 'Pending' && !reason));
    const waitingPhase = [
      'ImagePullBackOff',
      'ErrImagePull',
      'ContainerCreating',
      'CreateContainerConfigError',
      'InvalidImageName',
      'PodInitializing',
    ];
    const phase =
      fault?.phase ?? (ready ? 'Running' : unschedulable || waitingPhase.includes(reason) || reason === undefined ? 'Pending' : 'Running');
    const containerStatuses = unschedulable
      ? undefined
      : containers.map((c: Json, i: Json) => {
          const cf = given?.find((g: Json) => g.name === c.name) ?? (i === 0 ? fault : undefined);
          const cReady = given ? cf?.ready !== false : i === 0 || reason === undefined || reason === 'ContainerCreating' ? ready : true;
          const cReason = cf?.reason ?? (cReady ? undefined : reason);
          const restarts = cf?.restarts ?? (cReason === 'CrashLoopBackOff' ? 5 : 0);
          const image = cf?.image ?? c.image;
          const out = {
            containerID: cReady || cReason === 'CrashLoopBackOff' ? `containerd://${sha256(`${uid}/${c.name}`)}` : undefined,
            image: normalizeImage(image),
            imageID: cReady || cReason === 'CrashLoopBackOff' ? `${normalizeImage(image).split(':')[0]}@sha256:${sha256(image)}` : '',
            lastState: {},
            name: c.name,
            ready: cReady,
            restartCount: restarts,
            started: cReady,
            state: cReady
              ? { running: { startedAt: t } }
              : {
                  waiting: {
                    reason: cReason ?? 'ContainerCreating',
                    ...((cf?.message ?? defaultWaitingMessage(cReason, c.name, name, ns, uid, image))
                      ? { message: cf?.message ?? defaultWaitingMessage(cReason, c.name, name, ns, uid, image) }
                      : {}),
                  },
                },
          };
          if (cReason === 'CrashLoopBackOff') {
            out.lastState = { terminated: { containerID: out.containerID, exitCode: 1, finishedAt: t, reason: 'Error', startedAt: t } };
          }
          if (!out.containerID) delete out.containerID;
          return out;
        });
    const notReady = (containerStatuses ?? []).filter((c: Json) => !c.ready).map((c: Json) => c.name);
    const conditions = unschedulable
      ? [
          condition(
            'PodScheduled',
            'False',
            'Unschedulable',
            fault?.message ??
              '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
            t,
          ),
        ]
      : [
          condition(
            'PodReadyToStartContainers',
            phase === 'Pending' && reason !== 'ImagePullBackOff' && reason !== 'ErrImagePull' ? 'False' : 'True',
            undefined,
            undefined,
            t,
          ),
          condition('Initialized', 'True', undefined, undefined, t),
          notReady.length
            ? condition('Ready', 'False', 'ContainersNotReady', `containers with unready status: [${notReady.join(' ')}]`, t)
            : condition('Ready', 'True', undefined, undefined, t),
          notReady.length
            ? condition('ContainersReady', 'False', 'ContainersNotReady', `containers with unready status: [${notReady.join(' ')}]`, t)
            : condition('ContainersReady', 'True', undefined, undefined, t),
          condition('PodScheduled', 'True', undefined, undefined, t),
        ].map((c) => ({ ...c, lastProbeTime: null }));
    const status: Json = { conditions, phase, qosClass: 'BestEffort', startTime: t };
    if (!unschedulable) {
      status.containerStatuses = containerStatuses;
      status.hostIP = node?.ip;
      status.hostIPs = node?.ip ? [{ ip: node.ip }] : undefined;
      status.podIP = podIP;
      status.podIPs = [{ ip: podIP }];
    }
    if (fault?.message && unschedulable) status.message = fault.message;
    return JSON.parse(JSON.stringify(status));
  }

  /** Every pod: those of workloads, stored Pod objects, and fault pods no workload owns. */
  pods() {
    return this.cached('pods', () => {
      const pods = this.workloads().flatMap((w: Json) => w.pods);
      for (const entry of this.entries('Pod', '')) {
        const object = storedObject(entry);
        pods.push(
          this.podFrom({
            name: entry.name,
            ns: entry.namespace,
            template: { metadata: object.metadata, spec: object.spec },
            owner: {},
            node: this.k8sNodes()[0],
          }),
        );
        const last = pods[pods.length - 1];
        last.metadata = { ...object.metadata, ...{ name: entry.name, namespace: entry.namespace } };
        delete last.metadata.generateName;
      }
      for (const [ns, list] of Object.entries(this.faults.pods as Record<string, Json[]>)) {
        for (const fp of list ?? []) {
          if (this.ownerOf(fp, ns)) continue;
          pods.push(
            this.podFrom({
              name: fp.name,
              ns,
              template: {
                metadata: { labels: fp.labels ?? {} },
                spec: { containers: [{ name: fp.container ?? 'main', image: fp.image ?? 'busybox' }] },
              },
              owner: {},
              node: this.k8sNodes()[0],
              fault: fp,
            }),
          );
        }
      }
      pods.push(...this.serviceLbPods());
      for (const pod of pods) {
        if (Object.keys(pod.metadata.ownerReferences?.[0] ?? {}).length > 2) continue;
        delete pod.metadata.ownerReferences;
        delete pod.metadata.generateName;
      }
      return pods;
    });
  }

  // ------------------------------------------------------------ services

  loadBalancerServices(): Array<{ svc: Json; bound: Json }> {
    return this.cached('lb', () => {
      if ((this.cluster.k3sArgs ?? []).some((a: Json) => /^--disable[= ]servicelb$/.test(a))) return [];
      const claimed = new Set();
      const out: Json[] = [];
      const services = this.entries('Service', '')
        .map((e) => this.withDefaults(storedObject(e)))
        .filter((s) => s.spec.type === 'LoadBalancer')
        .sort((a, b) => a.metadata.creationTimestamp.localeCompare(b.metadata.creationTimestamp) || 0);
      for (const svc of services) {
        const ports = (svc.spec.ports ?? []).map((p: Json) => `${p.protocol ?? 'TCP'}/${p.port}`);
        const free = ports.every((p: Json) => !claimed.has(p));
        if (free) ports.forEach((p: Json) => claimed.add(p));
        out.push({ svc, bound: free });
      }
      return out;
    });
  }

  serviceLbPods() {
    return this.loadBalancerServices().flatMap(({ svc, bound }) =>
      this.k8sNodes().map((node: Json) => {
        const name = `svclb-${svc.metadata.name}-${safeSuffix(svc.metadata.uid, 8)}`;
        const pod = this.podFrom({
          name: `${name}-${safeSuffix(`${svc.metadata.uid}/${node.name}`, 5)}`,
          ns: 'kube-system',
          template: {
            metadata: {
              labels: {
                app: name,
                'svccontroller.k3s.cattle.io/svcname': svc.metadata.name,
                'svccontroller.k3s.cattle.io/svcnamespace': svc.metadata.namespace,
              },
            },
            spec: {
              containers: (svc.spec.ports ?? []).map((p: Json) => ({
                name: `lb-${String(p.protocol ?? 'TCP').toLowerCase()}-${p.port}`,
                image: 'rancher/klipper-lb:v0.4.13',
              })),
            },
          },
          owner: { apiVersion: 'apps/v1', kind: 'DaemonSet', name, uid: uuidFrom(`ds/${svc.metadata.uid}`) },
          node,
          fault: bound
            ? undefined
            : {
                ready: false,
                phase: 'Pending',
                reason: 'Unschedulable',
                message:
                  "0/1 nodes are available: 1 node(s) didn't have free ports for the requested pod ports. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.",
              },
        });
        return pod;
      }),
    );
  }

  /** Endpoint slices for the Services with a selector, and the `kubernetes` one. */
  endpointSlices() {
    return this.cached('slices', () => {
      const out: Json[] = [];
      for (const entry of this.entries('Service', '')) {
        const svc = this.withDefaults(storedObject(entry));
        const ns = entry.namespace;
        let endpoints;
        let ports;
        if (ns === 'default' && entry.name === 'kubernetes') {
          const servers = this.k8sNodes().filter((n: Json) => n.role === 'server');
          endpoints = servers.map((n: Json) => ({ addresses: [n.ip], conditions: { ready: true, serving: true, terminating: false } }));
          ports = [{ name: 'https', port: 6443, protocol: 'TCP' }];
        } else if (svc.spec.selector && Object.keys(svc.spec.selector).length > 0) {
          const pods = this.pods().filter(
            (p: Json) => p.metadata.namespace === ns && selectorMatches(svc.spec.selector, p.metadata.labels) && p.status.podIP,
          );
          endpoints = pods.map((p: Json) => {
            const ready = p.status.conditions.find((c: Json) => c.type === 'Ready')?.status === 'True';
            return {
              addresses: [p.status.podIP],
              conditions: { ready, serving: ready, terminating: false },
              nodeName: p.spec.nodeName,
              targetRef: { kind: 'Pod', name: p.metadata.name, namespace: ns, uid: p.metadata.uid },
            };
          });
          ports = (svc.spec.ports ?? []).map((p: Json) => ({
            name: p.name ?? '',
            port: typeof p.targetPort === 'number' ? p.targetPort : (this.namedPort(pods[0], p.targetPort) ?? p.port),
            protocol: p.protocol ?? 'TCP',
          }));
        } else {
          continue;
        }
        const name = ns === 'default' && entry.name === 'kubernetes' ? 'kubernetes' : `${entry.name}-${safeSuffix(entry.uid, 5)}`;
        out.push({
          addressType: 'IPv4',
          apiVersion: 'discovery.k8s.io/v1',
          endpoints,
          kind: 'EndpointSlice',
          metadata: {
            creationTimestamp: entry.created,
            ...(name === 'kubernetes' ? {} : { generateName: `${entry.name}-` }),
            generation: 1,
            labels: {
              'endpointslice.kubernetes.io/managed-by':
                name === 'kubernetes' ? 'endpointslice-controller.k8s.io' : 'endpointslice-controller.k8s.io',
              'kubernetes.io/service-name': entry.name,
              ...(svc.metadata.labels ?? {}),
            },
            name,
            namespace: ns,
            ownerReferences: [
              { apiVersion: 'v1', blockOwnerDeletion: true, controller: true, kind: 'Service', name: entry.name, uid: entry.uid },
            ],
            resourceVersion: String(entry.rv + 1),
            uid: uuidFrom(`slice/${entry.uid}`),
          },
          ports,
        });
      }
      // Slices written by others (for Services without a selector) are listed as stored.
      out.push(...this.entries('EndpointSlice', 'discovery.k8s.io').map((e) => this.full(e)));
      return out;
    });
  }

  namedPort(pod: Json, name: string) {
    for (const c of pod?.spec?.containers ?? []) for (const p of c.ports ?? []) if (p.name === name) return p.containerPort;
    return undefined;
  }

  endpoints() {
    return this.endpointSlices().map((slice: Json) => {
      const svcName = slice.metadata.labels['kubernetes.io/service-name'];
      const ready = slice.endpoints.filter((e: Json) => e.conditions.ready);
      const notReady = slice.endpoints.filter((e: Json) => !e.conditions.ready);
      const address = (e: Json) => ({
        ip: e.addresses[0],
        ...(e.nodeName ? { nodeName: e.nodeName } : {}),
        ...(e.targetRef ? { targetRef: e.targetRef } : {}),
      });
      const subset: Json = { ports: slice.ports };
      if (ready.length) subset.addresses = ready.map(address);
      if (notReady.length) subset.notReadyAddresses = notReady.map(address);
      return {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: {
          creationTimestamp: slice.metadata.creationTimestamp,
          labels: Object.fromEntries(
            Object.entries(slice.metadata.labels).filter(([k]) => !k.startsWith('endpointslice.') && k !== 'kubernetes.io/service-name'),
          ),
          name: svcName,
          namespace: slice.metadata.namespace,
          resourceVersion: slice.metadata.resourceVersion,
          uid: uuidFrom(`ep/${slice.metadata.uid}`),
        },
        subsets: slice.endpoints.length ? [subset] : undefined,
      };
    });
  }

  replicaSets() {
    return this.workloads()
      .filter((w: Json) => w.entry.kind === 'Deployment')
      .map((w: Json) => ({
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          annotations: {
            'deployment.kubernetes.io/desired-replicas': String(w.desired),
            'deployment.kubernetes.io/max-replicas': String(w.desired + 1),
            'deployment.kubernetes.io/revision': '1',
          },
          creationTimestamp: w.entry.created,
          generation: 1,
          labels: { ...(w.object.spec?.template?.metadata?.labels ?? {}), 'pod-template-hash': w.templateHash },
          name: `${w.entry.name}-${w.templateHash}`,
          namespace: w.entry.namespace,
          ownerReferences: [
            { apiVersion: 'apps/v1', blockOwnerDeletion: true, controller: true, kind: 'Deployment', name: w.entry.name, uid: w.entry.uid },
          ],
          resourceVersion: String(w.entry.rv + 1),
          uid: uuidFrom(`rs/${w.entry.uid}/${w.templateHash}`),
        },
        spec: {
          replicas: w.desired,
          selector: { matchLabels: { ...(w.object.spec?.selector?.matchLabels ?? {}), 'pod-template-hash': w.templateHash } },
          template: w.object.spec?.template,
        },
        status: clean({
          availableReplicas: w.ready || undefined,
          fullyLabeledReplicas: w.desired,
          observedGeneration: 1,
          readyReplicas: w.ready || undefined,
          replicas: w.desired,
        }),
      }));
  }

  // ------------------------------------------------------------ events

  events() {
    return this.faults.events.map((e: Json, i: Json) => {
      const involved = e.involvedObject ?? {};
      const ns = e.namespace ?? involved.namespace ?? 'default';
      const at = e.lastTimestamp ?? this.created;
      return {
        apiVersion: 'v1',
        count: e.count ?? 1,
        eventTime: null,
        firstTimestamp: e.firstTimestamp ?? at,
        involvedObject: { ...(involved.kind === 'Pod' ? { apiVersion: 'v1' } : {}), namespace: ns, ...involved },
        kind: 'Event',
        lastTimestamp: at,
        message: e.message ?? '',
        metadata: {
          creationTimestamp: at,
          name: e.name ?? `${involved.name ?? 'object'}.${sha256(`${i}/${e.reason}/${e.message}`).slice(0, 16)}`,
          namespace: ns,
          resourceVersion: String(1000 + i),
          uid: uuidFrom(`event/${i}/${e.reason}/${e.message}`),
        },
        reason: e.reason ?? '',
        reportingComponent: e.reportingComponent ?? 'kubelet',
        reportingInstance: e.reportingInstance ?? this.k8sNodes()[0]?.name ?? '',
        source: e.source ?? { component: e.reportingComponent ?? 'kubelet', host: this.k8sNodes()[0]?.name },
        type: e.type ?? 'Warning',
      };
    });
  }

  // ------------------------------------------------------------ stored objects with defaults and status

  /** API-server defaults of the kinds that matter for verification. */
  withDefaults(object: Json) {
    const o = clone(object);
    const spec = (o.spec ??= {});
    switch (o.kind) {
      case 'Namespace':
        o.metadata.labels = { ...(o.metadata.labels ?? {}), 'kubernetes.io/metadata.name': o.metadata.name };
        o.spec = { finalizers: ['kubernetes'], ...(object.spec ?? {}) };
        break;
      case 'Deployment':
        spec.replicas ??= 1;
        spec.strategy ??= { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } };
        spec.revisionHistoryLimit ??= 10;
        spec.progressDeadlineSeconds ??= 600;
        break;
      case 'DaemonSet':
        spec.updateStrategy ??= { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } };
        spec.revisionHistoryLimit ??= 10;
        break;
      case 'StatefulSet':
        spec.replicas ??= 1;
        spec.updateStrategy ??= { type: 'RollingUpdate', rollingUpdate: { partition: 0 } };
        spec.podManagementPolicy ??= 'OrderedReady';
        spec.revisionHistoryLimit ??= 10;
        break;
      case 'Service': {
        spec.type ??= 'ClusterIP';
        if (spec.type !== 'ExternalName') {
          const fixed = ({ 'default/kubernetes': '10.43.0.1', 'kube-system/kube-dns': '10.43.0.10' } as Record<string, string>)[
            `${o.metadata.namespace}/${o.metadata.name}`
          ];
          spec.clusterIP ??= fixed ?? hashIp(`${o.metadata.namespace}/${o.metadata.name}`, '10.43');
          spec.clusterIPs ??= [spec.clusterIP];
          spec.ipFamilies ??= ['IPv4'];
          spec.ipFamilyPolicy ??= 'SingleStack';
          spec.internalTrafficPolicy ??= 'Cluster';
        }
        spec.sessionAffinity ??= 'None';
        spec.ports = (spec.ports ?? []).map((p: Json) => {
          const port = { protocol: 'TCP', targetPort: p.port, ...p };
          if (spec.type === 'LoadBalancer' || spec.type === 'NodePort')
            port.nodePort ??= 30000 + (parseInt(sha256(`${o.metadata.namespace}/${o.metadata.name}/${p.port}`).slice(0, 4), 16) % 2767);
          return port;
        });
        if (spec.type === 'LoadBalancer') {
          spec.externalTrafficPolicy ??= 'Cluster';
          spec.allocateLoadBalancerNodePorts ??= true;
        }
        break;
      }
      default:
        if (Object.keys(spec).length === 0 && object.spec === undefined) delete o.spec;
    }
    return o;
  }

  /** The full object a GET returns for a stored entry. */
  full(entry: Json) {
    const object = this.withDefaults(storedObject(entry));
    const t = entry.created;
    switch (entry.kind) {
      case 'Namespace':
        object.status = { phase: 'Active' };
        break;
      case 'CustomResourceDefinition': {
        const names = object.spec?.names ?? {};
        object.status = {
          acceptedNames: clean({
            kind: names.kind,
            listKind: names.listKind ?? `${names.kind}List`,
            plural: names.plural,
            shortNames: names.shortNames,
            singular: names.singular ?? String(names.kind ?? '').toLowerCase(),
            categories: names.categories,
          }),
          conditions: [
            condition('NamesAccepted', 'True', 'NoConflicts', 'no conflicts found', t),
            condition('Established', 'True', 'InitialNamesAccepted', 'the initial names have been accepted', t),
          ],
          storedVersions: (object.spec?.versions ?? []).filter((v: Json) => v.storage).map((v: Json) => v.name),
        };
        break;
      }
      case 'Deployment':
      case 'DaemonSet':
      case 'StatefulSet': {
        const w = this.workloads().find((x: Json) => x.entry.uid === entry.uid);
        if (w) object.status = this.workloadStatus(w);
        break;
      }
      case 'Service':
        if (object.spec.type === 'LoadBalancer') {
          const lb = this.loadBalancerServices().find((x: Json) => x.svc.metadata.uid === entry.uid);
          object.status =
            lb?.bound && this.clusterRunning()
              ? { loadBalancer: { ingress: this.k8sNodes().map((n: Json) => ({ ip: n.ip, ipMode: 'VIP' })) } }
              : { loadBalancer: {} };
        } else {
          object.status = { loadBalancer: {} };
        }
        break;
      case 'Pod':
        return this.pods().find((p: Json) => p.metadata.uid === entry.uid) ?? object;
      case 'MutatingWebhookConfiguration':
      case 'ValidatingWebhookConfiguration':
        return withCaBundle(this, object);
      case 'Job':
        object.status = jobStatus(faultFor(this.faults.jobs, 'Job', entry.namespace, entry.name), object, t);
        break;
      default:
        break;
    }
    return object;
  }

  workloadStatus(w: Json) {
    const { entry, desired, ready, object } = w;
    const t = entry.created;
    const gen = entry.generation;
    if (entry.kind === 'Deployment') {
      const maxUnavailable = intOrPercent(object.spec.strategy?.rollingUpdate?.maxUnavailable ?? '25%', desired, false);
      const available = ready >= desired - maxUnavailable;
      const rs = `${entry.name}-${w.templateHash}`;
      const progressing =
        w.fault === 'deadline'
          ? condition('Progressing', 'False', 'ProgressDeadlineExceeded', `ReplicaSet "${rs}" has timed out progressing.`, t)
          : ready >= desired
            ? condition('Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${rs}" has successfully progressed.`, t)
            : condition('Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${rs}" is progressing.`, t);
      return clean({
        availableReplicas: ready || undefined,
        conditions: [
          available
            ? condition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', t)
            : condition('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', t),
          progressing,
        ].map((c) => ({ ...c, lastUpdateTime: t })),
        observedGeneration: gen,
        readyReplicas: ready || undefined,
        replicas: desired,
        unavailableReplicas: desired - ready || undefined,
        updatedReplicas: desired,
      });
    }
    if (entry.kind === 'DaemonSet') {
      return clean({
        currentNumberScheduled: desired,
        desiredNumberScheduled: desired,
        numberAvailable: ready || undefined,
        numberMisscheduled: 0,
        numberReady: ready,
        numberUnavailable: desired - ready || undefined,
        observedGeneration: gen,
        updatedNumberScheduled: desired,
      });
    }
    const revision = `${entry.name}-${safeSuffix(JSON.stringify(object.spec?.template ?? {}), 10)}`;
    return clean({
      availableReplicas: ready,
      collisionCount: 0,
      currentReplicas: desired,
      currentRevision: revision,
      observedGeneration: gen,
      readyReplicas: ready || undefined,
      replicas: desired,
      updateRevision: revision,
      updatedReplicas: desired,
    });
  }

  /** Every object of a resource type, full, optionally in one namespace. */
  list(descriptor: Json, namespace?: string) {
    const inNs = (o: Json) => namespace === undefined || !descriptor.namespaced || o.metadata?.namespace === namespace;
    let objects;
    switch (`${descriptor.group}/${descriptor.kind}`) {
      case '/Node':
        objects = this.nodeObjects();
        break;
      case '/Pod':
        objects = this.pods();
        break;
      case '/Event':
        objects = this.events();
        break;
      case 'discovery.k8s.io/EndpointSlice':
        objects = this.endpointSlices();
        break;
      case '/Endpoints':
        objects = this.endpoints();
        break;
      case 'apps/ReplicaSet':
        objects = this.replicaSets();
        break;
      default:
        objects = this.entries(descriptor.kind, descriptor.group).map((e) => this.full(e));
    }
    return objects
      .filter(inNs)
      .map((o: Json) => ({ ...o, apiVersion: o.apiVersion ?? preferredApiVersion(descriptor) }))
      .sort(
        (a: Json, b: Json) =>
          (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') || a.metadata.name.localeCompare(b.metadata.name),
      );
  }
}

function normalizeImage(image: string) {
  const text = String(image ?? '');
  const firstPart = text.split('/')[0]!;
  const hasRegistry = text.includes('/') && (firstPart.includes('.') || firstPart.includes(':') || firstPart === 'localhost');
  let out = hasRegistry ? text : `docker.io/${text.includes('/') ? text : `library/${text}`}`;
  if (!/[:@][^/]*$/.test(out)) out += ':latest';
  return out;
}

function defaultWaitingMessage(reason: Json, container: Json, pod: Json, ns: string, uid: string, image: string) {
  switch (reason) {
    case 'ImagePullBackOff':
      return `Back-off pulling image "${image}"`;
    case 'ErrImagePull':
      return `failed to pull and unpack image "${normalizeImage(image)}": failed to resolve reference "${normalizeImage(image)}": not found`;
    case 'CrashLoopBackOff':
      return `back-off 5m0s restarting failed container=${container} pod=${pod}_${ns}(${uid})`;
    default:
      return undefined;
  }
}

/** Drops undefined fields, as Go's omitempty does for zero values we model as undefined. */
function clean(object: Json) {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined));
}

export { selectorMatches, isObject };

/**
 * A Job as the Job controller leaves it: Complete (its pod succeeded), Failed
 * after the backoff limit, or still running (batch/v1 JobStatus, Kubernetes 1.31+).
 */
function jobStatus(fault: 'fail' | 'running' | undefined, object: Json, t: string): Json {
  if (fault === 'running') return { startTime: t, active: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {} };
  if (fault === 'fail') {
    const failed = (object.spec?.backoffLimit ?? 6) + 1;
    return {
      startTime: t,
      failed,
      ready: 0,
      terminating: 0,
      uncountedTerminatedPods: {},
      conditions: [
        condition('FailureTarget', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', t),
        condition('Failed', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', t),
      ],
    };
  }
  return {
    startTime: t,
    completionTime: t,
    succeeded: 1,
    ready: 0,
    terminating: 0,
    uncountedTerminatedPods: {},
    conditions: [
      condition('SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods', t),
      condition('Complete', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods', t),
    ],
  };
}
