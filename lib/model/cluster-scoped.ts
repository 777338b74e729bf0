/**
 * Kubernetes' own kinds that live outside any namespace (API resources with
 * namespaced=false), with their API group. Deploy applies them ahead of
 * namespaced objects, and validation treats each as one object whatever
 * namespace its target renders into; a custom resource's scope is its CRD's.
 */
export const BUILT_IN_GROUP: Readonly<Record<string, string>> = {
  Namespace: '',
  Node: '',
  PersistentVolume: '',
  ComponentStatus: '',
  CustomResourceDefinition: 'apiextensions.k8s.io',
  APIService: 'apiregistration.k8s.io',
  ClusterRole: 'rbac.authorization.k8s.io',
  ClusterRoleBinding: 'rbac.authorization.k8s.io',
  StorageClass: 'storage.k8s.io',
  CSIDriver: 'storage.k8s.io',
  CSINode: 'storage.k8s.io',
  VolumeAttachment: 'storage.k8s.io',
  VolumeAttributesClass: 'storage.k8s.io',
  PriorityClass: 'scheduling.k8s.io',
  RuntimeClass: 'node.k8s.io',
  IngressClass: 'networking.k8s.io',
  MutatingWebhookConfiguration: 'admissionregistration.k8s.io',
  ValidatingWebhookConfiguration: 'admissionregistration.k8s.io',
  ValidatingAdmissionPolicy: 'admissionregistration.k8s.io',
  ValidatingAdmissionPolicyBinding: 'admissionregistration.k8s.io',
  MutatingAdmissionPolicy: 'admissionregistration.k8s.io',
  MutatingAdmissionPolicyBinding: 'admissionregistration.k8s.io',
  CertificateSigningRequest: 'certificates.k8s.io',
  FlowSchema: 'flowcontrol.apiserver.k8s.io',
  PriorityLevelConfiguration: 'flowcontrol.apiserver.k8s.io',
  DeviceClass: 'resource.k8s.io',
  ResourceSlice: 'resource.k8s.io',
  StorageVersionMigration: 'storagemigration.k8s.io',
};

export const CLUSTER_SCOPED: ReadonlySet<string> = new Set(Object.keys(BUILT_IN_GROUP));
