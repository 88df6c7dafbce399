/**
 * The intrinsic functions that decide which key a launch uses and what its policy says, evaluated
 * before deploy: Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select, Fn::If (with Conditions),
 * Fn::FindInMap and parameters with defaults
 * (docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference.html).
 * "This account" and its partition are the symbols the Terraform reader uses, so one judge
 * compares both. A resource's Ref or attribute is known only once deployed: an Unknown that names
 * the resource, so a KmsKeyId still leads to its key.
 */
import { THIS_ACCOUNT, THIS_PARTITION } from '../terraform/config/computed.js'
import { positions, Unknown, mergeCauses, type Value } from '../terraform/eval/values.js'
import type { Pos } from '../terraform/hcl/ast.js'
import { CHECK_REGION } from '../terraform/judge/verdict.js'
import { isRecord, keyPos, posOf, type Raw } from './source.js'
import type { Template } from './template.js'
import { fnIf } from './conditions.js'

/** AWS::NoValue: the property is removed (pseudo-parameter-reference.html#cfn-pseudo-param-novalue). */
export const NO_VALUE = new Unknown([])

export const DEPLOY_TIME = 'known once the stack is deployed'

/** The pseudo parameters (docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html). */
function pseudo(name: string, t: Template, pos: Pos): Value | undefined {
  switch (name) {
    case 'AWS::AccountId':
      return t.account ?? THIS_ACCOUNT
    case 'AWS::Partition':
      return THIS_PARTITION
    case 'AWS::Region':
      return CHECK_REGION
    case 'AWS::URLSuffix':
      return 'amazonaws.com'
    case 'AWS::NoValue':
      return NO_VALUE
    case 'AWS::StackName':
    case 'AWS::StackId':
    case 'AWS::NotificationARNs':
      return new Unknown([{ what: name, pos, how: DEPLOY_TIME }])
    default:
      return undefined
  }
}

function unknown(what: string, pos: Pos, how: string): Unknown {
  return new Unknown([{ what, pos, how }])
}

/**
 * A parameter's value: what a parent stack passes, else its Default. An SSM parameter type holds
 * a Parameter Store key, not its value, which CloudFormation fetches when the stack is created or
 * updated (docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/systems-manager-parameter-types.html):
 * unknown here either way.
 */
function parameter(name: string, t: Template, pos: Pos, depth: number): Value {
  const passed = t.parent?.parameters[name]
  if (passed !== undefined) return evaluate(passed, t.parent!.template, pos, depth + 1)
  const declared = t.parameters[name]
  const at = keyPos(t.parameters, name, pos)
  if (!isRecord(declared))
    return unknown(name, pos, `it is neither a parameter nor a resource of ${t.name}`)
  const type = typeof declared.Type === 'string' ? declared.Type : 'String'
  if (type.startsWith('AWS::SSM::Parameter::Value'))
    return unknown(
      `parameter ${name} (read from SSM${typeof declared.Default === 'string' ? ` parameter ${declared.Default}` : ''})`,
      at,
      'its value is read from Parameter Store when the stack is deployed: run verify against the account, or check the key that parameter names'
    )
  if (declared.Default === undefined || declared.Default === null)
    return unknown(
      `parameter ${name}`,
      at,
      t.parent
        ? 'the parent stack does not pass it'
        : 'it has no Default: give it one, or run verify against the account once deployed'
    )
  const value = declared.Default
  if (typeof value === 'string' && (type === 'CommaDelimitedList' || type.startsWith('List<')))
    return value.split(',').map(s => s.trim())
  return typeof value === 'number' ? String(value) : (value as Value)
}

function resourceRef(t: Template, id: string, attribute: string, pos: Pos): Value {
  const resource = t.resources.get(id)!
  if (resource.type === 'AWS::CloudFormation::Stack' && attribute.startsWith('Outputs.')) {
    const child = t.children.get(id)
    const output = child?.outputs[attribute.slice('Outputs.'.length)]
    if (child && isRecord(output)) return evaluate(output.Value, child, pos)
  }
  return new Unknown(
    [{ what: `${id}${attribute === 'Ref' ? '' : `.${attribute}`}`, pos, how: DEPLOY_TIME }],
    undefined,
    { root: t.file, module: t.name, address: id, type: resource.type, attribute, pos: resource.pos }
  )
}

function ref(name: Raw, t: Template, pos: Pos, depth: number): Value {
  if (typeof name !== 'string') return unknown('a Ref', pos, 'its argument is not a name')
  const fixed = pseudo(name, t, pos)
  if (fixed !== undefined) return fixed
  if (t.resources.has(name)) return resourceRef(t, name, 'Ref', pos)
  return parameter(name, t, pos, depth)
}

function text(value: Value): string | undefined {
  return typeof value === 'string'
    ? value
    : typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : undefined
}

/** Known text and unknown holes joined, as the Terraform reader keeps a template with holes. */
export function concat(pieces: Value[]): Value {
  const parts: string[] = ['']
  const unknowns: Unknown[] = []
  for (const piece of pieces) {
    const known = text(piece)
    if (known !== undefined) parts[parts.length - 1] += known
    else if (piece instanceof Unknown && piece.parts) {
      parts[parts.length - 1] += piece.parts[0]
      parts.push(...piece.parts.slice(1))
      unknowns.push(piece)
    } else {
      unknowns.push(piece instanceof Unknown ? piece : new Unknown([]))
      parts.push('')
    }
  }
  return unknowns.length ? new Unknown(mergeCauses(unknowns), parts) : parts[0]
}

/** Fn::Sub: `${Name}`, `${Res.Attr}`, `${AWS::…}` and its own variables; `${!x}` is literal `${x}`. */
function sub(args: Raw, t: Template, pos: Pos, depth: number): Value {
  const [template, vars] = Array.isArray(args) ? args : [args, {}]
  if (typeof template !== 'string') return unknown('an Fn::Sub', pos, 'its text is not a string')
  const variables = isRecord(vars) ? vars : {}
  const pieces: Value[] = []
  let last = 0
  for (const match of template.matchAll(/\$\{([^}]*)\}/g)) {
    pieces.push(template.slice(last, match.index))
    last = match.index + match[0].length
    const name = match[1].trim()
    if (name.startsWith('!')) pieces.push(`\${${name.slice(1)}}`)
    else if (name in variables) pieces.push(evaluate(variables[name], t, pos, depth + 1))
    else if (pseudo(name, t, pos) !== undefined) pieces.push(pseudo(name, t, pos)!)
    else if (name.includes('.') && t.resources.has(name.split('.')[0]))
      pieces.push(resourceRef(t, name.split('.')[0], name.slice(name.indexOf('.') + 1), pos))
    else pieces.push(ref(name, t, pos, depth + 1))
  }
  pieces.push(template.slice(last))
  const holes = pieces.filter(p => p !== '')
  // `${Key.Arn}` alone is that attribute itself (its resource is kept).
  return holes.length === 1 && holes[0] instanceof Unknown ? holes[0] : concat(pieces)
}

function call(name: string, args: Raw, t: Template, pos: Pos, depth: number): Value {
  const list = Array.isArray(args) ? args : []
  const value = (r: Raw) => evaluate(r, t, pos, depth + 1)
  switch (name) {
    case 'Ref':
      return ref(args, t, pos, depth)
    case 'Fn::GetAtt': {
      const [id, attribute] =
        typeof args === 'string' ? [args.split('.')[0], args.slice(args.indexOf('.') + 1)] : list
      if (typeof id === 'string' && typeof attribute === 'string' && t.resources.has(id))
        return resourceRef(t, id, attribute, pos)
      return unknown(`Fn::GetAtt ${JSON.stringify(args)}`, pos, `it names no resource of ${t.name}`)
    }
    case 'Fn::Sub':
      return sub(args, t, pos, depth)
    case 'Fn::Join': {
      const [separator, items] = list
      const values = value(items ?? [])
      if (!Array.isArray(values))
        return values instanceof Unknown
          ? values
          : unknown('an Fn::Join', pos, 'its list is not a list')
      const pieces = values
        .filter(v => v !== NO_VALUE)
        .flatMap((v, i) => (i ? [String(separator ?? ''), v] : [v]))
      return concat(pieces)
    }
    case 'Fn::Select': {
      const [index, items] = list.map(value)
      const i = Number(index)
      if (Array.isArray(items) && Number.isInteger(i) && i >= 0 && i < items.length) return items[i]
      return new Unknown(
        mergeCauses([index, items].filter((v): v is Unknown => v instanceof Unknown)).concat(
          index instanceof Unknown || items instanceof Unknown
            ? []
            : [{ what: 'an Fn::Select', pos, how: 'its index is out of its list' }]
        )
      )
    }
    case 'Fn::If':
      return fnIf(args, t, pos, depth)
    case 'Fn::FindInMap': {
      const [map, top, second] = list.map(value)
      const found = [map, top, second].every(k => typeof k === 'string')
        ? (t.mappings[map as string] as Record<string, Record<string, Raw>> | undefined)?.[
            top as string
          ]?.[second as string]
        : undefined
      return found === undefined
        ? unknown(
            `Fn::FindInMap ${JSON.stringify(list)}`,
            pos,
            'the mapping or its keys are not known here'
          )
        : value(found)
    }
    case 'Fn::ImportValue': {
      const exported = value(args)
      return unknown(
        `the value another stack exports as ${typeof exported === 'string' ? exported : JSON.stringify(args)} (Fn::ImportValue)`,
        pos,
        'check the stack that exports it, or run verify against the account once deployed'
      )
    }
    default:
      return unknown(name, pos, `${name} is not evaluated before deploy`)
  }
}

const FUNCTION = /^(Ref|Fn::[A-Za-z]+)$/

export function evaluate(raw: Raw | undefined, t: Template, at: Pos, depth = 0): Value {
  if (raw === undefined || raw === null) return null
  if (depth > 100) return unknown('a value', at, 'it nests too deep')
  const pos = posOf(raw, at)
  if (Array.isArray(raw))
    return raw.map(r => evaluate(r, t, pos, depth + 1)).filter(v => v !== NO_VALUE)
  if (!isRecord(raw)) return raw
  const keys = Object.keys(raw)
  if (keys.length === 1 && FUNCTION.test(keys[0])) return call(keys[0], raw[keys[0]], t, pos, depth)
  const object: Record<string, Value> = {}
  for (const key of keys) {
    const value = evaluate(raw[key], t, keyPos(raw, key, pos), depth + 1)
    if (value !== NO_VALUE) object[key] = value
  }
  positions.set(object, pos)
  return object
}
