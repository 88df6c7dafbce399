/**
 * The findings every check reader builds the same way, whatever its format: a place that did not
 * parse, a key managed elsewhere, a key that depends on unknown values, and a key only launch
 * templates nobody here launches from use. Each format passes its own words for where and how.
 */
import { failsLaunches, type KeyCheck, type KeyUseSite, type UnknownCause } from './check.js'

interface Where {
  file?: string
  line?: number
}

/** The key a launch template names, as a value: not managed in what check read. */
export function outsideKey(
  value: string,
  pos: Where | undefined,
  uses: KeyUseSite[],
  said: { how: string; message: string }
): KeyCheck {
  return {
    key: value,
    file: pos?.file,
    line: pos?.line,
    style: 'unknown',
    status: 'outside',
    uses,
    decidedBy: [],
    unknowns: [{ what: `the key ${value}`, pos: at(pos), how: said.how }],
    message: said.message
  }
}

/** A launch template's key that depends on values check cannot know: each said with its place. */
export function undecidedKey(
  names: { key: string; via: string; text: string },
  pos: Where | undefined,
  uses: KeyUseSite[],
  causes: UnknownCause[]
): KeyCheck {
  const dependsOn = causes.length
    ? causes
        .map(c => `${c.what}${c.pos ? ` (${c.pos.file}:${c.pos.line})` : ''}: ${c.how}`)
        .join('; ')
    : names.text
  return {
    key: names.key,
    file: pos?.file,
    line: pos?.line,
    style: 'unknown',
    status: 'unknown',
    uses,
    decidedBy: [],
    unknowns: causes,
    message: `Cannot tell which KMS key ${names.via} uses: it depends on ${dependsOn}.`
  }
}

/**
 * A file or expression that did not parse, as a "cannot tell" in the place it is: whatever is
 * written there — a launch template, a key, its policy, a value one of them uses — was not read,
 * so a green check would mean nothing ("read and right" is what a pass says).
 */
export function unreadPlace(
  problem: { path: string; line?: number; message: string },
  said: { how: string; refusedToo?: string }
): KeyCheck {
  const where = `${problem.path}${problem.line ? `:${problem.line}` : ''}`
  return {
    key: `what ${where} holds`,
    file: problem.path,
    line: problem.line,
    style: 'unknown',
    status: 'unknown',
    uses: [],
    decidedBy: [],
    unknowns: [
      {
        what: where,
        pos: problem.line ? { file: problem.path, line: problem.line } : undefined,
        how: said.how
      }
    ],
    message: `Cannot tell: ${where} could not be read (${problem.message}), so any KMS key, key policy or launch template written there was not checked${said.refusedToo ? `; ${said.refusedToo}` : ''}. Fix it and check again.`,
    unread: true
  }
}

/**
 * A key only launch templates no group here launches from use: what would fail a launch is said,
 * but as "cannot tell" — whether any group launches from them is decided elsewhere.
 */
export function onlyElsewhere(check: KeyCheck, here: { scope: string; how: string }): KeyCheck {
  if (!failsLaunches(check.status) || !check.uses.every(u => u.orphan)) return check
  const templates = [...new Set(check.uses.map(u => u.via))].join(', ')
  return {
    ...check,
    status: 'unknown',
    unusableCause: undefined,
    unknowns: [
      ...check.unknowns,
      {
        what: `which node group or Auto Scaling group launches from ${templates}`,
        pos: check.uses[0].file
          ? { file: check.uses[0].file, line: check.uses[0].line ?? 1 }
          : undefined,
        how: here.how
      }
    ],
    message: `No node group or Auto Scaling group in ${here.scope} launches from ${templates}; if one elsewhere does, its launches fail: ${check.message}`
  }
}

function at(pos: Where | undefined): UnknownCause['pos'] {
  return pos?.file && pos.line !== undefined ? { file: pos.file, line: pos.line } : undefined
}

/** A key's own settings as a configuration writes them; undefined where not written literally. */
export interface KeySettings {
  enabled?: string | boolean
  usage?: string | boolean
  spec?: string | boolean
}

/**
 * The setting that makes a key unusable for EBS whatever its policy — disabled, or not a
 * symmetric encryption key (EBS supports only those) — with what it means; `disabledAs` is how the
 * format writes the disabled setting.
 */
export function unusableSetting(
  settings: KeySettings,
  disabledAs: string
):
  | {
      setting: keyof KeySettings
      cause: 'kms-key-disabled' | 'kms-key-unusable-spec'
      text: string
    }
  | undefined {
  const { enabled, usage, spec } = settings
  if (enabled === false || enabled === 'false')
    return {
      setting: 'enabled',
      cause: 'kms-key-disabled',
      text: `is disabled (${disabledAs}): KMS refuses every use of a disabled key`
    }
  if (usage !== undefined && usage !== 'ENCRYPT_DECRYPT')
    return {
      setting: 'usage',
      cause: 'kms-key-unusable-spec',
      text: `is a ${usage} key: EBS encrypts only with symmetric ENCRYPT_DECRYPT keys`
    }
  if (spec !== undefined && spec !== 'SYMMETRIC_DEFAULT')
    return {
      setting: 'spec',
      cause: 'kms-key-unusable-spec',
      text: `is a ${spec} key: EBS encrypts only with symmetric (SYMMETRIC_DEFAULT) keys`
    }
  return undefined
}
