/**
 * CloudFormation templates read into check's findings: every key node launches use, judged; the
 * keys they cannot see, named with how to check them; the launch templates whose key is unknown.
 */
import type { Caution, KeyCheck, KeyUseSite } from '../model/check.js'
import { evaluate } from './intrinsics.js'
import { checkCfnKey } from './key.js'
import { onlyElsewhere, outsideKey, undecidedKey } from '../model/check-findings.js'
import { resourceName, type Template } from './template.js'
import { exists, keyUses, type Target } from './uses.js'

/** The command that shows a key's policy, for a key check cannot see. */
export function keyPolicyCommand(key: string): string {
  return `aws kms get-key-policy --key-id ${key} --policy-name default --output text`
}

function targetCheck(target: Exclude<Target, { kind: 'key' }>, uses: KeyUseSite[]): KeyCheck {
  if (target.kind === 'outside')
    return outsideKey(target.value, target.pos, uses, {
      how: `it is not declared in these templates: run \`${keyPolicyCommand(target.value)}\`, or verify against the account`,
      message: `The key ${target.value} is not declared in these templates; check its policy with \`${keyPolicyCommand(target.value)}\` or run verify against the account.`
    })
  const via = uses[0]?.via ?? target.text
  return undecidedKey(
    { key: `the key of ${via}`, via, text: target.text },
    target.pos,
    uses,
    target.causes
  )
}

function idOf(target: Target): string {
  if (target.kind === 'key')
    return `key|${target.template.file}|${target.template.name}|${target.resource.id}`
  if (target.kind === 'outside') return `outside|${target.value}`
  return `unknown|${target.pos?.file}:${target.pos?.line}|${target.text}`
}

/** Whether the templates create the Auto Scaling service-linked role (AWS::IAM::ServiceLinkedRole). */
function declaresRole(templates: Template[]): boolean {
  return templates.some(t =>
    [...t.resources.values()].some(
      r =>
        r.type === 'AWS::IAM::ServiceLinkedRole' &&
        exists(t, r) &&
        evaluate(r.properties.AWSServiceName, t, r.pos) === 'autoscaling.amazonaws.com'
    )
  )
}

export function checkTemplates(templates: Template[]): { keys: KeyCheck[]; cautions: Caution[] } {
  const grouped = new Map<string, { target: Target; uses: KeyUseSite[] }>()
  for (const { target, site } of keyUses(templates)) {
    const entry = grouped.get(idOf(target)) ?? { target, uses: [] }
    if (
      !entry.uses.some(
        u => u.consumer === site.consumer && u.via === site.via && u.role === site.role
      )
    )
      entry.uses.push(site)
    grouped.set(idOf(target), entry)
  }
  const keys = [...grouped.values()].map(({ target, uses }) =>
    target.kind === 'key'
      ? orphaned(checkCfnKey(target.template, target.resource, uses))
      : targetCheck(target, uses)
  )
  const naming = keys.filter(k => k.status === 'granted' || k.status === 'missing')
  const cautions: Caution[] =
    naming.length && !declaresRole(templates)
      ? [
          {
            rule: 'roleNotDeclared',
            message:
              'No AWS::IAM::ServiceLinkedRole for autoscaling.amazonaws.com is declared. On a fresh account the role does not exist yet and a key policy naming it fails with "invalid principals": declare one (AWSServiceName: autoscaling.amazonaws.com) and make the key DependsOn it.',
            file: naming[0].file,
            line: naming[0].line,
            keys: naming.filter(k => k.status === 'granted').map(k => k.key)
          }
        ]
      : []
  return { keys, cautions }
}

/** A key only unlaunched templates use: what would fail is said, as "cannot tell" (as for Terraform). */
function orphaned(check: KeyCheck): KeyCheck {
  return onlyElsewhere(check, {
    scope: 'these templates',
    how: 'none in these templates does: check the stack that launches from it, or remove the unused launch template'
  })
}

export { resourceName }
