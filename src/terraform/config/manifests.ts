/**
 * The node classes that name a KMS key for Karpenter's or EKS Auto Mode's node volumes, as the
 * repository writes them: YAML documents (files in the checked paths, a kubectl_manifest's
 * yaml_body, a kubernetes_manifest's manifest). The key is in the node class, not in any AWS
 * resource Terraform manages.
 * - Karpenter: EC2NodeClass (karpenter.k8s.aws/v1, v1beta1) spec.blockDeviceMappings[].ebs.kmsKeyID
 *   (https://karpenter.sh/docs/concepts/nodeclasses/, "spec.blockDeviceMappings").
 * - Auto Mode: NodeClass (eks.amazonaws.com/v1) spec.ephemeralStorage.kmsKeyID
 *   (https://docs.aws.amazon.com/eks/latest/userguide/create-node-class.html).
 */
import { LineCounter, parseAllDocuments } from 'yaml'
import type { Pos } from '../hcl/ast.js'
import { isObject, Unknown, type UnknownCause, type Value } from '../eval/values.js'

export type NodeClassLauncher = 'karpenter' | 'auto-mode'

export interface NodeClassKey {
  launcher: NodeClassLauncher
  /** `EC2NodeClass default`. */
  nodeClass: string
  /** The kmsKeyID as written (a hole the evaluator cannot know is an Unknown); null: none. */
  value: Value
  pos: Pos
  /** The device, for messages: `/dev/xvda`, or the ephemeral storage. */
  device: string
}

/** A manifest check could not read: whether it is a node class, and what key it names, is unknown. */
export interface UnreadManifest {
  what: string
  pos: Pos
  causes: UnknownCause[]
}

export const HOLE = /__eks_kms_guard_hole_(\d+)__/

export function hole(index: number): string {
  return `__eks_kms_guard_hole_${index}__`
}

function launcherOf(doc: Record<string, unknown>): NodeClassLauncher | undefined {
  const api = typeof doc.apiVersion === 'string' ? doc.apiVersion.split('/')[0] : ''
  if (doc.kind === 'EC2NodeClass' && api === 'karpenter.k8s.aws') return 'karpenter'
  if (doc.kind === 'NodeClass' && api === 'eks.amazonaws.com') return 'auto-mode'
  return undefined
}

/** A written value, with its holes put back: one hole alone is that value, text around one is unknown. */
function filled(raw: unknown, holes: Value[]): Value {
  if (typeof raw !== 'string') return raw === undefined ? null : (raw as Value)
  const whole = new RegExp(`^${HOLE.source}$`).exec(raw)
  if (whole) return holes[Number(whole[1])] ?? null
  if (!HOLE.test(raw)) return raw
  const parts = raw.split(new RegExp(HOLE.source.replace('(\\d+)', '\\d+')))
  const causes = [...raw.matchAll(new RegExp(HOLE.source, 'g'))].flatMap(m => {
    const value = holes[Number(m[1])]
    return value instanceof Unknown ? value.causes : []
  })
  return new Unknown(causes, parts)
}

/** The node class keys of one manifest document, already parsed to an object. */
export function nodeClassKeys(
  doc: unknown,
  at: (path: (string | number)[]) => Pos,
  holes: Value[] = []
): NodeClassKey[] {
  if (!isObject(doc as Value)) return []
  const object = doc as Record<string, unknown>
  const launcher = launcherOf(object)
  if (!launcher) return []
  const metadata = (object.metadata ?? {}) as Record<string, unknown>
  const name = `${String(object.kind)} ${typeof metadata.name === 'string' ? metadata.name : '(unnamed)'}`
  const spec = (object.spec ?? {}) as Record<string, unknown>
  if (launcher === 'auto-mode') {
    const storage = (spec.ephemeralStorage ?? {}) as Record<string, unknown>
    return [
      {
        launcher,
        nodeClass: name,
        value: filled(storage.kmsKeyID, holes),
        pos: at(storage.kmsKeyID === undefined ? [] : ['spec', 'ephemeralStorage', 'kmsKeyID']),
        device: 'its ephemeral storage'
      }
    ]
  }
  const mappings = Array.isArray(spec.blockDeviceMappings) ? spec.blockDeviceMappings : undefined
  // No mappings: the AMI family's defaults (encrypted, no key), so the account default EBS key.
  if (!mappings)
    return [
      { launcher, nodeClass: name, value: null, pos: at([]), device: 'its AMI default volume' }
    ]
  return mappings.map((raw, i) => {
    const mapping = (raw ?? {}) as Record<string, unknown>
    const ebs = (mapping.ebs ?? {}) as Record<string, unknown>
    return {
      launcher,
      nodeClass: name,
      value: filled(ebs.kmsKeyID, holes),
      pos: at(
        ebs.kmsKeyID === undefined
          ? ['spec', 'blockDeviceMappings', i]
          : ['spec', 'blockDeviceMappings', i, 'ebs', 'kmsKeyID']
      ),
      device: typeof mapping.deviceName === 'string' ? mapping.deviceName : `device ${i + 1}`
    }
  })
}

/**
 * The node class keys of a YAML text (one document or many), each at its line: `firstLine` is
 * the line of the file the text starts on.
 */
export function nodeClassesInYaml(
  text: string,
  file: string,
  firstLine = 1,
  holes: Value[] = [],
  /** Every key at this position (a file() or templatefile() call: the call is what is shown). */
  fixed?: Pos
): { keys: NodeClassKey[]; problem?: string } {
  if (!/kind:\s*["']?(EC2NodeClass|NodeClass)\b/.test(text)) return { keys: [] }
  const lines = new LineCounter()
  const keys: NodeClassKey[] = []
  let problem: string | undefined
  for (const doc of parseAllDocuments(text, { lineCounter: lines })) {
    if (doc.errors.length) {
      problem ??= doc.errors[0].message.split('\n')[0]
      continue
    }
    const at = (path: (string | number)[]): Pos => {
      if (fixed) return fixed
      const node = (path.length ? doc.getIn(path, true) : doc.contents) as
        { range?: [number, number, number] } | undefined
      const offset = node?.range?.[0] ?? doc.contents?.range?.[0] ?? 0
      return { file, line: firstLine - 1 + lines.linePos(offset).line }
    }
    keys.push(...nodeClassKeys(doc.toJS(), at, holes))
  }
  return { keys, problem }
}
