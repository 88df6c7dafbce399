/**
 * check mode: in the pull request, before anything is applied, find the KMS keys that node
 * launches will use and decide, with the same policy module as verify and deploy, whether each
 * key policy grants the EC2 Auto Scaling service-linked role what it needs.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { hclValue } from '../diagnose/hcl.js'
import { policyDocumentHcl } from '../diagnose/remedy.js'
import { checkRequirements, requirements } from '../kms/requirements.js'
import { parseKeyPolicy } from '../kms/document.js'
import { type KeyPolicy, type Statement } from '../model/index.js'
import { evaluate, isUnresolved, PLACEHOLDER_ACCOUNT, resolveSymbols } from './expressions.js'
import { blocks, buildModules, parseReference, type TfModule, type TfResource } from './model.js'
import { attributeLine, findTfFiles, parseFiles, type ParseProblem } from './parse.js'
import { readPlan, type PlanFacts } from './plan.js'

export const SLR_PATH =
  'role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling'
/** How the fix names the role: from the data sources every such configuration has or can add. */
export const SLR_EXPRESSION =
  'arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:' +
  SLR_PATH
const SLR_CANONICAL = `arn:aws:iam::${PLACEHOLDER_ACCOUNT}:${SLR_PATH}`
const KEY_ARN = `arn:aws:kms:us-east-1:${PLACEHOLDER_ACCOUNT}:key/00000000-0000-0000-0000-000000000000`

export type PolicyStyle =
  'jsonencode' | 'policy-document' | 'heredoc' | 'file' | 'none' | 'kms-module' | 'plan' | 'unknown'

export interface KeyUseSite {
  /** The node group or Auto Scaling group whose launches use the key. */
  consumer: string
  /** How: the launch template, or the account's EBS default. */
  via: string
  file?: string
  line?: number
}

export interface KeyCheck {
  key: string
  file?: string
  /** Line of the key's policy (or of the key itself). */
  line?: number
  style: PolicyStyle
  status: 'granted' | 'missing' | 'unknown' | 'denied' | 'outside'
  message: string
  uses: KeyUseSite[]
  /** A statement naming the service principal autoscaling.amazonaws.com instead of the role. */
  servicePrincipalSid?: string
  fix?: string
}

export interface CheckOutcome {
  result: 'success' | 'failure'
  keys: KeyCheck[]
  problems: ParseProblem[]
  notes: string[]
  filesRead: number
}

const NEEDED = requirements({
  autoscalingRoleArn: SLR_CANONICAL,
  region: 'us-east-1',
  account: PLACEHOLDER_ACCOUNT
})

/** Principals written with unknown references become unknown, or the role when they name it. */
function normalizePrincipal(entry: unknown): unknown {
  if (typeof entry !== 'string') return entry
  if (!isUnresolved(entry)) return entry
  if (entry.endsWith(`:${SLR_PATH}`)) return SLR_CANONICAL
  return { unresolved: entry }
}

export function normalizeStatements(statements: Statement[]): Statement[] {
  return statements.map(raw => {
    const statement = resolveSymbols(raw) as Statement
    const principal = statement.Principal
    if (principal && typeof principal === 'object' && !Array.isArray(principal)) {
      const aws = (principal as Record<string, unknown>).AWS
      if (aws !== undefined) {
        const list = Array.isArray(aws) ? aws.map(normalizePrincipal) : normalizePrincipal(aws)
        statement.Principal = {
          ...(principal as Record<string, unknown>),
          AWS: list
        } as Statement['Principal']
      }
    }
    for (const field of ['Action', 'NotAction', 'Effect', 'Condition'] as const) {
      if (JSON.stringify(statement[field] ?? '').includes('${'))
        statement[field] = { unresolved: JSON.stringify(statement[field]) } as never
    }
    return statement
  })
}

/** data "aws_iam_policy_document" as policy JSON. */
async function policyDocument(resource: TfResource): Promise<KeyPolicy | undefined> {
  if (
    resource.body.source_policy_documents ||
    resource.body.override_policy_documents ||
    resource.body.source_json ||
    resource.body.override_json
  )
    return undefined
  const statements: Statement[] = []
  for (const block of blocks(resource.body.statement)) {
    const statement: Statement = {
      Effect: (await evaluate(block.effect)) === 'Deny' ? 'Deny' : 'Allow'
    }
    if (block.sid !== undefined) statement.Sid = String(await evaluate(block.sid))
    for (const [field, key] of [
      ['actions', 'Action'],
      ['not_actions', 'NotAction'],
      ['resources', 'Resource'],
      ['not_resources', 'NotResource']
    ] as const) {
      if (block[field] !== undefined)
        statement[key] = (await evaluate(block[field])) as Statement['Action']
    }
    if (block.resources === undefined && block.not_resources === undefined) statement.Resource = '*'
    for (const [field, key] of [
      ['principals', 'Principal'],
      ['not_principals', 'NotPrincipal']
    ] as const) {
      const principals: Record<string, unknown[]> = {}
      for (const p of blocks(block[field])) {
        const type = String(await evaluate(p.type))
        const identifiers = await evaluate(p.identifiers)
        principals[type] = [
          ...(principals[type] ?? []),
          ...(Array.isArray(identifiers) ? identifiers : [identifiers])
        ]
      }
      if (Object.keys(principals).length) statement[key] = principals as Statement['Principal']
    }
    const conditions: Record<string, Record<string, unknown>> = {}
    for (const c of blocks(block.condition)) {
      const test = String(await evaluate(c.test))
      conditions[test] = {
        ...(conditions[test] ?? {}),
        [String(await evaluate(c.variable))]: await evaluate(c.values)
      }
    }
    if (Object.keys(conditions).length) statement.Condition = conditions as Statement['Condition']
    statements.push(statement)
  }
  return { Version: '2012-10-17', Statement: statements }
}

interface PolicyRead {
  style: PolicyStyle
  policy?: KeyPolicy
  line?: number
  reason?: string
}

/** The key policy of an aws_kms_key (or its aws_kms_key_policy), in whichever style it is written. */
async function readKeyPolicy(
  module: TfModule,
  key: TfResource,
  plan?: PlanFacts
): Promise<PolicyRead> {
  const separate = module
    .ofType('aws_kms_key_policy')
    .find(p => parseReference(p.body.key_id)?.address === key.address)
  const holder = separate ?? key
  const line = attributeLine(holder.file, 'policy', holder.line) ?? holder.line
  const planned =
    plan?.policies.get(holder.address) ?? (separate ? undefined : plan?.policies.get(key.address))
  if (planned) {
    try {
      return { style: 'plan', policy: parseKeyPolicy(planned), line }
    } catch {
      // fall through to the configuration
    }
  }
  const raw = holder.body.policy
  if (raw === undefined) return { style: 'none', line: key.line }
  const reference = parseReference(raw)
  if (
    reference?.address.startsWith('data.aws_iam_policy_document.') &&
    reference.attribute === 'json'
  ) {
    const document = module.byAddress.get(reference.address)
    const policy = document && (await policyDocument(document))
    return policy
      ? { style: 'policy-document', policy, line: document?.line ?? line }
      : { style: 'unknown', line, reason: `${reference.address} merges other documents` }
  }
  if (typeof raw === 'string' && /^\$\{\s*jsonencode\(/.test(raw)) {
    const value = await evaluate(raw)
    return value && typeof value === 'object'
      ? { style: 'jsonencode', policy: value as KeyPolicy, line }
      : { style: 'unknown', line }
  }
  const file =
    typeof raw === 'string'
      ? /^\$\{\s*file\(\s*"([^"]+)"\s*\)\s*\}$/.exec(raw.replace('${path.module}/', ''))
      : null
  if (file) {
    try {
      return {
        style: 'file',
        policy: parseKeyPolicy(await readFile(join(module.dir, file[1]), 'utf8')),
        line
      }
    } catch {
      return { style: 'unknown', line, reason: `the policy file ${file[1]} could not be read` }
    }
  }
  if (typeof raw === 'string' && !/^\$\{[^}]*\}$/.test(raw.trim())) {
    try {
      return { style: 'heredoc', policy: parseKeyPolicy(raw), line }
    } catch {
      return { style: 'unknown', line, reason: 'the policy text is not JSON' }
    }
  }
  return { style: 'unknown', line, reason: `the policy comes from ${String(raw)}` }
}

interface KeyTarget {
  module: TfModule
  resource?: TfResource
  /** When the key is not a resource of this configuration. */
  outside?: string
}

/** Follows a kms_key_id value to the aws_kms_key (through aliases), a kms module, or outside. */
function resolveKey(module: TfModule, value: unknown, modules: TfModule[]): KeyTarget {
  const reference = parseReference(value)
  if (reference) {
    const target = module.byAddress.get(reference.address)
    if (!target) return { module, outside: String(value) }
    if (target.type === 'aws_kms_key') return { module, resource: target }
    if (target.type === 'aws_kms_alias')
      return resolveKey(module, target.body.target_key_id, modules)
    if (target.kind === 'module') return { module, resource: target }
    return { module, outside: String(value) }
  }
  if (typeof value === 'string' && value.startsWith('alias/')) {
    for (const m of modules) {
      const alias = m.ofType('aws_kms_alias').find(a => a.body.name === value)
      if (alias) return resolveKey(m, alias.body.target_key_id, modules)
    }
  }
  return { module, outside: String(value) }
}

function isKmsModule(resource: TfResource): boolean {
  return (
    resource.kind === 'module' &&
    /terraform-aws-modules\/kms\/aws|terraform-aws-kms/.test(resource.type)
  )
}

function launchTemplateKeys(
  lt: TfResource
): { value: unknown; encrypted: boolean; device: string }[] {
  return blocks(lt.body.block_device_mappings).flatMap(mapping =>
    blocks(mapping.ebs).map(ebs => ({
      value: ebs.kms_key_id,
      encrypted: ebs.encrypted === true || ebs.encrypted === 'true',
      device: String(mapping.device_name ?? 'a device')
    }))
  )
}

function launchTemplateOf(module: TfModule, consumer: TfResource): TfResource | undefined {
  const mixed = blocks(
    blocks(blocks(consumer.body.mixed_instances_policy)[0]?.launch_template)[0]
      ?.launch_template_specification
  )[0]
  const spec = blocks(consumer.body.launch_template)[0] ?? mixed
  if (!spec) return undefined
  const reference = parseReference(
    spec.id ?? spec.launch_template_id ?? spec.name ?? spec.launch_template_name
  )
  const target = reference && module.byAddress.get(reference.address)
  return target?.type === 'aws_launch_template' ? target : undefined
}

/** The account's default EBS key, when the configuration turns encryption by default on. */
function ebsDefaultKey(
  modules: TfModule[]
): { module: TfModule; value: unknown; resource: TfResource } | undefined {
  const all = modules.flatMap(m => m.ofType('aws_ebs_encryption_by_default'))
  if (!all.some(r => r.body.enabled !== false && r.body.enabled !== 'false')) return undefined
  for (const module of modules) {
    const defaultKey = module.ofType('aws_ebs_default_kms_key')[0]
    if (defaultKey) return { module, value: defaultKey.body.key_arn, resource: defaultKey }
  }
  return undefined
}

function fixFor(style: PolicyStyle, missing: Statement[]): string {
  const statements = missing.map(s => ({ ...s, Principal: { AWS: SLR_EXPRESSION } }))
  switch (style) {
    case 'policy-document':
      return [
        '# Add to the data "aws_iam_policy_document" of the key policy:',
        policyDocumentHcl(statements, true)
      ].join('\n')
    case 'heredoc':
    case 'file':
      return [
        '# Add to the Statement list of the key policy JSON:',
        JSON.stringify(statements, null, 2)
      ].join('\n')
    case 'none':
      return [
        '# The key has no policy, so it gets the default one (root only). Set one that keeps the root',
        '# statement and adds the Auto Scaling service-linked role:',
        `policy = jsonencode(${hclValue({ Version: '2012-10-17', Statement: [{ Sid: 'EnableIAMUserPermissions', Effect: 'Allow', Principal: { AWS: 'arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root' }, Action: 'kms:*', Resource: '*' }, ...statements] }, '', true)})`
      ].join('\n')
    case 'kms-module':
      return `key_service_roles_for_autoscaling = [${JSON.stringify(SLR_EXPRESSION)}]`
    default:
      return [
        '# Add to the Statement list of the key policy (jsonencode):',
        statements.map(s => hclValue(s, '', true)).join(',\n')
      ].join('\n')
  }
}

async function checkKey(
  target: KeyTarget,
  uses: KeyUseSite[],
  plan?: PlanFacts
): Promise<KeyCheck> {
  if (target.outside || !target.resource) {
    return {
      key: target.outside ?? '?',
      style: 'unknown',
      status: 'outside',
      uses,
      message: `The key ${target.outside} is not managed in this configuration; run verify against the account to check its policy.`
    }
  }
  const resource = target.resource
  if (isKmsModule(resource)) {
    const roles = resolveSymbols(await evaluate(resource.body.key_service_roles_for_autoscaling))
    const list = Array.isArray(roles) ? roles : []
    const line =
      attributeLine(resource.file, 'key_service_roles_for_autoscaling', resource.line) ??
      resource.line
    const granted = list.some(r => typeof r === 'string' && r.endsWith(`:${SLR_PATH}`))
    const unknown = !Array.isArray(roles) && roles !== undefined
    return {
      key: resource.address,
      file: resource.file.display,
      line,
      style: 'kms-module',
      status: granted ? 'granted' : unknown ? 'unknown' : 'missing',
      uses,
      message: granted
        ? `${resource.address} lists the Auto Scaling service-linked role in key_service_roles_for_autoscaling.`
        : `${resource.address} (terraform-aws-modules/kms) does not list the Auto Scaling service-linked role in key_service_roles_for_autoscaling, so its key policy will not let Auto Scaling launch instances with volumes encrypted by it.`,
      fix: granted ? undefined : fixFor('kms-module', [])
    }
  }
  const read = await readKeyPolicy(target.module, resource, plan)
  const base = {
    key: resource.address,
    file: resource.file.display,
    line: read.line,
    style: read.style,
    uses
  }
  const policy: KeyPolicy =
    read.style === 'none'
      ? {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${PLACEHOLDER_ACCOUNT}:root` },
              Action: 'kms:*',
              Resource: '*'
            }
          ]
        }
      : (read.policy ?? { Statement: [] })
  if (!read.policy && read.style !== 'none') {
    return {
      ...base,
      status: 'unknown',
      message: `Cannot tell whether ${resource.address} grants the Auto Scaling role: ${read.reason ?? 'its policy cannot be read statically'}.`
    }
  }
  const normalized: KeyPolicy = { ...policy, Statement: normalizeStatements(policy.Statement) }
  const statuses = checkRequirements(normalized, KEY_ARN, NEEDED)
  const servicePrincipal = policy.Statement.find(
    s =>
      JSON.stringify(s.Principal ?? '').includes('"autoscaling.amazonaws.com"') ||
      JSON.stringify((s.Principal as Record<string, unknown>)?.Service ?? '').includes(
        'autoscaling.amazonaws.com'
      )
  )
  const missing = statuses.filter(s => s.status === 'missing')
  if (statuses.some(s => s.status === 'denied')) {
    return {
      ...base,
      status: 'denied',
      message: `A Deny statement of ${resource.address}'s policy blocks the Auto Scaling service-linked role.`
    }
  }
  if (missing.length > 0) {
    const what = missing
      .map(s =>
        s.requirement.id === 'autoscaling-grants'
          ? 'kms:CreateGrant (with kms:GrantIsForAWSResource)'
          : 'Encrypt, Decrypt, ReEncrypt*, GenerateDataKey* and DescribeKey'
      )
      .join(' and ')
    const sp = servicePrincipal
      ? ` Statement ${servicePrincipal.Sid ?? '(no Sid)'} names the service principal autoscaling.amazonaws.com, but EC2 Auto Scaling uses KMS as its service-linked role (${SLR_EXPRESSION.replace(/\$\{[^}]+\}/g, m => (m.includes('partition') ? '<partition>' : '<account>'))}), so that statement grants the launches nothing.`
      : ''
    return {
      ...base,
      status: 'missing',
      servicePrincipalSid: servicePrincipal ? (servicePrincipal.Sid ?? '(no Sid)') : undefined,
      message: `The policy of ${resource.address} does not grant the EC2 Auto Scaling service-linked role ${what}: every node launch with a volume encrypted by this key will be cancelled with Client.InvalidKMSKey.InvalidState.${sp}`,
      fix: fixFor(
        read.style,
        missing.map(s => s.requirement.statement)
      )
    }
  }
  if (statuses.some(s => s.status === 'unknown')) {
    const reasons = [...new Set(statuses.flatMap(s => s.reasons))]
    return {
      ...base,
      status: 'unknown',
      message: `Cannot tell whether the policy of ${resource.address} grants the Auto Scaling service-linked role${reasons.length ? `: ${reasons.join('; ')}` : ' (it depends on values known only at apply time)'}.`
    }
  }
  return {
    ...base,
    status: 'granted',
    message: `The policy of ${resource.address} grants the Auto Scaling service-linked role what it needs.`
  }
}

export async function runCheck(options: {
  paths: string[]
  planJson?: string
  cwd: string
}): Promise<CheckOutcome> {
  const paths = await findTfFiles(options.paths, options.cwd)
  const { files, problems } = await parseFiles(paths, options.cwd)
  const plan = options.planJson ? await readPlan(join(options.cwd, options.planJson)) : undefined
  // The plan's configuration stands in for the .tf files when they were not given.
  const modules = buildModules(files.length === 0 && plan ? [plan.file] : files)
  const notes: string[] = []
  const byKey = new Map<string, { target: KeyTarget; uses: KeyUseSite[] }>()
  const addUse = (target: KeyTarget, use: KeyUseSite) => {
    const id = target.resource
      ? `${target.module.dir}|${target.resource.address}`
      : `outside|${target.outside}`
    const entry = byKey.get(id) ?? { target, uses: [] }
    entry.uses.push(use)
    byKey.set(id, entry)
  }
  const defaults = ebsDefaultKey(modules)
  for (const module of modules) {
    const consumers = [
      ...module.ofType('aws_eks_node_group'),
      ...module.ofType('aws_autoscaling_group')
    ]
    for (const consumer of consumers) {
      const lt = launchTemplateOf(module, consumer)
      const site = { consumer: consumer.address, file: consumer.file.display, line: consumer.line }
      if (!lt) {
        if (defaults)
          addUse(resolveKey(defaults.module, defaults.value, modules), {
            ...site,
            via: 'the account default EBS key (aws_ebs_default_kms_key), as it uses no launch template'
          })
        continue
      }
      for (const device of launchTemplateKeys(lt)) {
        if (device.value !== undefined) {
          const value =
            plan?.kmsKeyIds.get(lt.address) && !parseReference(device.value)
              ? plan.kmsKeyIds.get(lt.address)
              : device.value
          addUse(resolveKey(module, value, modules), {
            ...site,
            via: `${lt.address} (${device.device})`,
            file: lt.file.display,
            line: attributeLine(lt.file, 'kms_key_id', lt.line) ?? lt.line
          })
        } else if (defaults) {
          addUse(resolveKey(defaults.module, defaults.value, modules), {
            ...site,
            via: `${lt.address} (${device.device}) encrypts without naming a key, so the account default EBS key (${defaults.resource.address})`
          })
        }
      }
    }
  }
  const keys: KeyCheck[] = []
  for (const { target, uses } of byKey.values()) keys.push(await checkKey(target, uses, plan))
  const namesRole = keys.some(k => k.status === 'granted' || k.status === 'missing')
  const roleDeclared = modules.some(m =>
    m
      .ofType('aws_iam_service_linked_role')
      .some(r => String(r.body.aws_service_name) === 'autoscaling.amazonaws.com')
  )
  if (namesRole && !roleDeclared) {
    notes.push(
      'No aws_iam_service_linked_role for autoscaling.amazonaws.com is declared. On a fresh account the role does not exist yet and a key policy naming it fails with "invalid principals": declare `resource "aws_iam_service_linked_role" "autoscaling" { aws_service_name = "autoscaling.amazonaws.com" }` and make the key depend on it.'
    )
  }
  if (files.length === 0 && !plan)
    notes.push(`No .tf files were found under ${options.paths.join(', ')}.`)
  return {
    result: keys.some(k => k.status === 'missing' || k.status === 'denied') ? 'failure' : 'success',
    keys,
    problems,
    notes,
    filesRead: files.length
  }
}
