/**
 * The add-on catalogue behind DescribeAddonVersions: versions per add-on, each compatible with some
 * Kubernetes versions and the default for some (`compatibilities[].defaultVersion`). Version names
 * follow EKS's `vX.Y.Z-eksbuild.N`; which Kubernetes versions each supports is illustrative, except
 * where a comment gives a source. A scenario's `addonCatalogue` merges over it by name.
 */
import type { ScenarioAddonCatalogueEntry, ScenarioAddonVersion } from './scenario.js'
import { AwsError } from './wire.js'
import type { World } from './world.js'

const minor = (version: string) => Number(version.split('.')[1])
const KNOWN = ['1.25', '1.26', '1.27', '1.28', '1.29', '1.30', '1.31', '1.32', '1.33']
const range = (from: string, to: string) =>
  KNOWN.filter(v => minor(v) >= minor(from) && minor(v) <= minor(to))
const K8S = range('1.29', '1.33')

/** Built-in catalogue: version names as EKS publishes them; compatibilities are illustrative. */
export const DEFAULT_CATALOGUE: ScenarioAddonCatalogueEntry[] = [
  {
    name: 'vpc-cni',
    type: 'networking',
    versions: [
      {
        version: 'v1.19.5-eksbuild.1',
        clusterVersions: range('1.29', '1.33'),
        defaultFor: ['1.32', '1.33']
      },
      {
        version: 'v1.19.2-eksbuild.1',
        clusterVersions: range('1.28', '1.32'),
        defaultFor: ['1.29', '1.30', '1.31']
      },
      { version: 'v1.18.6-eksbuild.1', clusterVersions: range('1.25', '1.31') }
    ]
  },
  {
    name: 'coredns',
    type: 'networking',
    needsNodes: true,
    versions: [
      { version: 'v1.12.1-eksbuild.2', clusterVersions: ['1.33'], defaultFor: ['1.33'] },
      {
        version: 'v1.11.4-eksbuild.2',
        clusterVersions: range('1.29', '1.32'),
        defaultFor: ['1.32']
      },
      {
        version: 'v1.11.3-eksbuild.1',
        clusterVersions: range('1.29', '1.31'),
        defaultFor: ['1.31']
      },
      {
        version: 'v1.11.1-eksbuild.9',
        clusterVersions: ['1.29', '1.30'],
        defaultFor: ['1.29', '1.30']
      }
    ]
  },
  {
    name: 'kube-proxy',
    type: 'networking',
    versions: [
      { version: 'v1.33.0-eksbuild.2', clusterVersions: ['1.33'], defaultFor: ['1.33'] },
      { version: 'v1.32.3-eksbuild.7', clusterVersions: ['1.32'], defaultFor: ['1.32'] },
      { version: 'v1.31.3-eksbuild.2', clusterVersions: ['1.31'], defaultFor: ['1.31'] },
      { version: 'v1.30.7-eksbuild.2', clusterVersions: ['1.30'], defaultFor: ['1.30'] },
      { version: 'v1.29.10-eksbuild.3', clusterVersions: ['1.29'], defaultFor: ['1.29'] }
    ]
  },
  {
    name: 'aws-ebs-csi-driver',
    type: 'storage',
    needsNodes: true,
    requiresIamPermissions: true,
    versions: [
      { version: 'v1.44.0-eksbuild.1', clusterVersions: range('1.29', '1.33'), defaultFor: K8S },
      // nebari-dev/nebari#3016: v1.24.1 refused on 1.28, v1.41.0 accepted.
      { version: 'v1.41.0-eksbuild.1', clusterVersions: range('1.25', '1.33') },
      { version: 'v1.24.1-eksbuild.1', clusterVersions: ['1.25', '1.26', '1.27'] }
    ]
  },
  {
    name: 'eks-pod-identity-agent',
    type: 'security',
    versions: [{ version: 'v1.3.7-eksbuild.2', clusterVersions: K8S, defaultFor: K8S }]
  }
]

export function catalogue(world: World): ScenarioAddonCatalogueEntry[] {
  const entries = DEFAULT_CATALOGUE.map(e => ({ ...e }))
  for (const extra of world.scenario.addonCatalogue ?? []) {
    const at = entries.findIndex(e => e.name === extra.name)
    if (at >= 0) entries[at] = { ...entries[at], ...extra }
    else entries.push(extra)
  }
  return entries
}

export function entry(world: World, name: string): ScenarioAddonCatalogueEntry | undefined {
  return catalogue(world).find(e => e.name === name)
}

export function compatible(v: ScenarioAddonVersion, k8s: string): boolean {
  return v.clusterVersions.includes(k8s)
}

export function defaultVersion(world: World, name: string, k8s: string): string | undefined {
  const versions = entry(world, name)?.versions ?? []
  return (
    versions.find(v => v.defaultFor?.includes(k8s))?.version ??
    versions.find(v => compatible(v, k8s))?.version
  )
}

/** DescribeAddonVersions (GET /addons/supported-versions). */
export function describeAddonVersions(world: World, query: URLSearchParams): unknown {
  const k8s = query.get('kubernetesVersion') ?? undefined
  const name = query.get('addonName') ?? undefined
  const types = query.getAll('types')
  const max = Number(query.get('maxResults') ?? 100)
  if (!(max >= 1 && max <= 100))
    throw new AwsError('InvalidParameterException', 'maxResults must be between 1 and 100')
  const addons = catalogue(world)
    .filter(e => !name || e.name === name)
    .filter(e => types.length === 0 || types.includes(e.type ?? ''))
    .map(e => {
      const versions = (e.versions ?? []).filter(v => !k8s || compatible(v, k8s))
      return {
        addonName: e.name,
        type: e.type,
        addonVersions: versions.map(v => ({
          addonVersion: v.version,
          architecture: ['amd64', 'arm64'],
          computeTypes: ['ec2', 'auto', 'hybrid'],
          compatibilities: (k8s ? [k8s] : v.clusterVersions).map(clusterVersion => ({
            clusterVersion,
            platformVersions: ['*'],
            defaultVersion: v.defaultFor?.includes(clusterVersion) === true
          })),
          requiresConfiguration: false,
          requiresIamPermissions: e.requiresIamPermissions === true
        })),
        publisher: 'eks',
        owner: 'aws',
        defaultNamespace: 'kube-system'
      }
    })
    .filter(a => !k8s || a.addonVersions.length > 0)
  const start = Number(query.get('nextToken') ?? 0)
  return {
    addons: addons.slice(start, start + max),
    nextToken: start + max < addons.length ? String(start + max) : undefined
  }
}
