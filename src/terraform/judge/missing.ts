/**
 * Module calls whose source is not here (no `terraform init`, or a path that is not checked
 * out). Those that could create node groups or keys — by their source, or by what they are
 * given — are a "cannot tell"; nothing inside them can be checked. The others are a warning:
 * never skipped without a word. Each names where its source was looked for.
 */
import { evaluate } from '../eval/evaluate.js'
import type { Value } from '../eval/values.js'
import { LazyObject, Unknown, isObject } from '../eval/values.js'
import type { ModuleInstance } from '../config/instance.js'
import { lookedFor, missingSource } from '../config/where.js'
import type { KeyCheck, ParseProblem } from '../model.js'

const RELEVANT = /kms|node_?group|block_device|launch_template|worker|ebs|autoscal|eks/i

function mentionsRelevant(value: Value, depth = 0): boolean {
  if (depth > 6) return false
  if (value instanceof Unknown) return !!value.ref && value.ref.type.startsWith('aws_kms')
  if (value instanceof LazyObject) return false
  if (Array.isArray(value)) return value.some(v => mentionsRelevant(v, depth + 1))
  if (isObject(value))
    return Object.entries(value).some(
      ([k, v]) => RELEVANT.test(k) || mentionsRelevant(v, depth + 1)
    )
  return false
}

export function missingModules(
  instances: ModuleInstance[],
  warn: (problem: ParseProblem) => void
): KeyCheck[] {
  const out: KeyCheck[] = []
  for (const instance of instances) {
    for (const call of instance.config.modules.values()) {
      if (instance.env.child(instance, call) || instance.env.cyclic?.(instance, call)) continue
      const inputs = [...call.body.attributes.keys()]
      // A source not known statically (OpenTofu's early evaluation failed) could be anything.
      let relevant =
        !!call.sourceExpr || RELEVANT.test(call.source) || inputs.some(name => RELEVANT.test(name))
      if (!relevant)
        relevant = [...call.body.attributes.values()].some(a => {
          try {
            return mentionsRelevant(evaluate(a.expr, instance.scope))
          } catch {
            return false
          }
        })
      const address = `${instance.path ? `${instance.path}.` : ''}module.${call.name}`
      if (!relevant) {
        warn({
          path: call.pos.file,
          line: call.pos.line,
          message: `the source of ${address} (${call.source}) is not here (looked for ${lookedFor(instance, call)}), so nothing in it was read; by its source and inputs it creates no node group or key. Run \`terraform init -backend=false\` before check.`
        })
        continue
      }
      const cause = missingSource(call, call.pos, instance)
      out.push({
        key: address,
        file: call.pos.file,
        line: call.pos.line,
        style: 'unknown',
        status: 'unknown',
        uses: [],
        decidedBy: [],
        unknowns: [cause],
        message: `Cannot tell: the source of module ${call.name} (${call.source}) is not here (looked for ${lookedFor(instance, call)}), so the node groups and keys it may create were not checked; run \`terraform init -backend=false\` before check.`
      })
    }
  }
  return out
}
