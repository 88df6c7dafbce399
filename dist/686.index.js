export const id = 686;
export const ids = [686];
export const modules = {

/***/ 7686:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  checkMode: () => (/* binding */ checkMode)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: ./src/render/escape.ts
var render_escape = __webpack_require__(7789);
// EXTERNAL MODULE: ./src/model/check.ts
var model_check = __webpack_require__(2281);
;// CONCATENATED MODULE: ./src/check/report/rules.ts
const TAGS = ['terraform', 'kms', 'eks'];
const RULES = {
    missing: {
        id: 'EKSKMS001',
        name: 'KeyPolicyLacksAutoScalingRole',
        level: 'error',
        title: 'KMS key policy lacks the Auto Scaling service-linked role',
        shortDescription: 'KMS key policy does not let EC2 Auto Scaling use the key',
        fullDescription: 'A launch template encrypts node volumes with this key, but neither its policy nor a grant lets the EC2 Auto Scaling service-linked role use it: every launch is cancelled with Client.InvalidKMSKey.InvalidState.',
        helpUri: 'https://docs.aws.amazon.com/autoscaling/ec2/userguide/key-policy-requirements-EBS-encryption.html',
        tags: ['security', 'reliability', ...TAGS]
    },
    denied: {
        id: 'EKSKMS002',
        name: 'KeyPolicyDeniesAutoScalingRole',
        level: 'error',
        title: 'KMS key policy denies the Auto Scaling service-linked role',
        shortDescription: 'KMS key policy denies EC2 Auto Scaling',
        tags: ['security', 'reliability', ...TAGS]
    },
    unusable: {
        id: 'EKSKMS003',
        name: 'KeyUnusableForEbs',
        level: 'error',
        title: 'KMS key cannot encrypt node volumes',
        shortDescription: 'KMS key cannot encrypt EBS volumes (disabled, or not a symmetric encryption key)',
        helpUri: 'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html',
        tags: ['reliability', ...TAGS]
    },
    launcher: {
        id: 'EKSKMS004',
        name: 'KeyPolicyLacksLauncherRole',
        level: 'error',
        title: 'KMS key policy lacks the launcher role',
        shortDescription: 'Karpenter’s controller role or EKS Auto Mode’s cluster role cannot use the key its node class names',
        fullDescription: 'A Karpenter EC2NodeClass or an EKS Auto Mode NodeClass encrypts node volumes with this key, but neither the key policy nor (where the key policy delegates to the account) the role’s IAM policies let the role that launches the nodes use it: each instance is terminated seconds after launch, and the launcher keeps relaunching while pods stay Pending.',
        helpUri: 'https://docs.aws.amazon.com/eks/latest/userguide/auto-kms.html',
        tags: ['security', 'reliability', 'karpenter', ...TAGS]
    },
    cannotTell: {
        id: 'EKSKMS100',
        name: 'KeyAccessCannotBeTold',
        level: 'warning',
        title: 'Cannot tell whether the key grants Auto Scaling',
        shortDescription: 'Whether EC2 Auto Scaling can use the key cannot be told before apply',
        tags: TAGS
    },
    roleNotDeclared: {
        id: 'EKSKMS103',
        name: 'ServiceLinkedRoleNotDeclared',
        level: 'warning',
        title: 'Auto Scaling service-linked role may not exist yet',
        shortDescription: 'A key policy names the Auto Scaling service-linked role, which the configuration does not create',
        fullDescription: 'On a fresh account (no Auto Scaling group was ever created there) the role does not exist yet, and a key policy naming it fails with "invalid principals". Declare aws_iam_service_linked_role for autoscaling.amazonaws.com and make the key depend on it.',
        helpUri: 'https://docs.aws.amazon.com/autoscaling/ec2/userguide/autoscaling-service-linked-role.html',
        tags: ['reliability', ...TAGS]
    },
    notParsed: {
        id: 'EKSKMS101',
        name: 'TerraformNotParsed',
        level: 'warning',
        title: 'Terraform file not fully checked',
        shortDescription: 'A Terraform file could not be fully parsed',
        tags: ['terraform']
    },
    configurationError: {
        id: 'EKSKMS102',
        name: 'TerraformConfigurationError',
        level: 'error',
        title: 'Terraform configuration not checkable',
        shortDescription: 'The configuration cannot be checked: a module cycle Terraform refuses, or a file check does not read (outside the workspace, not a regular file, over a limit)',
        tags: ['security', 'terraform']
    },
    launcherCannotTell: {
        id: 'EKSKMS104',
        name: 'LauncherKeyAccessCannotBeTold',
        level: 'warning',
        title: 'Cannot tell whether the launcher role can use the key',
        shortDescription: 'Which key Karpenter’s or EKS Auto Mode’s nodes use, or whether their role may use it, cannot be told before apply',
        tags: ['karpenter', ...TAGS]
    }
};
/** The rule a key's status breaks; none for a key that grants what Auto Scaling needs. */
function ruleOfStatus(status) {
    if (status === 'granted')
        return undefined;
    if (status === 'missing' || status === 'denied' || status === 'unusable')
        return RULES[status];
    return RULES.cannotTell;
}
/** The rule a key check breaks: a launcher role's key has its own, whatever the status. */
function ruleOf(key) {
    const rule = ruleOfStatus(key.status);
    const launched = key.uses.some(u => u.launcher === 'karpenter' || u.launcher === 'auto-mode');
    if (!launched || !rule)
        return rule;
    return rule === RULES.cannotTell ? RULES.launcherCannotTell : RULES.launcher;
}
/** The table as SARIF reporting descriptors, in a fixed order (results index into it). */
const SARIF_RULES = Object.values(RULES).map((rule) => ({
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.shortDescription },
    ...(rule.fullDescription ? { fullDescription: { text: rule.fullDescription } } : {}),
    ...(rule.helpUri ? { helpUri: rule.helpUri } : {}),
    defaultConfiguration: { level: rule.level },
    properties: { tags: [...rule.tags] }
}));

;// CONCATENATED MODULE: ./src/check/report/findings.ts
/** check mode's outcome in the shapes the rest of the action reports: annotations and a Diagnosis. Pure. */




/** Who the failing keys' launches need: the Auto Scaling role, or Karpenter's or Auto Mode's role. */
function launchedBy(keys) {
    const kinds = new Set(keys.flatMap(k => k.uses.map(u => u.launcher ?? 'autoscaling')));
    const names = [
        ...(kinds.has('autoscaling') ? ['EC2 Auto Scaling'] : []),
        ...(kinds.has('karpenter') ? ["Karpenter's controller role"] : []),
        ...(kinds.has('auto-mode') ? ["EKS Auto Mode's cluster role"] : [])
    ];
    return names.join(' or ') || 'EC2 Auto Scaling';
}
/**
 * The cause verify would give the same key: a launcher's own when only Karpenter or Auto Mode
 * launch with it (their role, not the Auto Scaling service-linked role, is what the policy lacks).
 */
function missingCause(key) {
    const launchers = new Set(key.uses.map(u => u.launcher ?? 'autoscaling'));
    if (launchers.size === 1 && launchers.has('karpenter'))
        return 'karpenter-kms-access-denied';
    if (launchers.size === 1 && launchers.has('auto-mode'))
        return 'automode-kms-access-denied';
    return 'kms-policy-missing-autoscaling-role';
}
function annotations(outcome) {
    const list = [];
    for (const key of outcome.keys) {
        const level = (0,model_check/* failsLaunches */.v1)(key.status)
            ? 'error'
            : key.status === 'granted'
                ? undefined
                : 'warning';
        if (!level)
            continue;
        // Each unknown gets its own warning where it is written, naming how to make it known.
        if (level === 'warning')
            for (const cause of key.unknowns) {
                if (!cause.pos || (cause.pos.file === key.file && cause.pos.line === key.line))
                    continue;
                list.push({
                    level: 'warning',
                    title: 'Unknown before apply',
                    message: `${cause.what} decides whether ${key.key} lets ${launchedBy([key])} use it, and is not known here: ${cause.how}.`,
                    file: cause.pos.file,
                    line: cause.pos.line
                });
            }
        const fix = key.fix ? `\n\nAdd:\n${key.fix}` : '';
        list.push({
            level,
            title: ruleOf(key)?.title ?? RULES.cannotTell.title,
            message: key.message + fix,
            file: key.file,
            line: key.line
        });
        if (level === 'error') {
            for (const use of key.uses) {
                if (use.file && use.line && (use.file !== key.file || use.line !== key.line)) {
                    list.push({
                        level,
                        title: 'Node launches will fail',
                        message: use.launcher
                            ? `${use.consumer} launches nodes with ${use.via}, encrypted with ${key.key}, which the launching role cannot use.`
                            : use.orphan
                                ? `No node group or Auto Scaling group in this configuration launches from ${use.via}; one that does (elsewhere, by its id or name) will have its volumes encrypted with ${key.key}, whose policy does not let EC2 Auto Scaling use it.`
                                : `${use.consumer} launches instances through ${use.via}, encrypted with ${key.key}, whose policy does not let EC2 Auto Scaling use it.`,
                        file: use.file,
                        line: use.line
                    });
                }
            }
        }
    }
    for (const caution of outcome.cautions ?? [])
        list.push({
            level: RULES[caution.rule].level,
            title: RULES[caution.rule].title,
            message: caution.message,
            file: caution.file,
            line: caution.line
        });
    for (const problem of outcome.problems)
        list.push({
            level: 'warning',
            title: RULES.notParsed.title,
            message: `Not all of this was checked (what could be read was): ${problem.message}`,
            file: problem.path,
            line: problem.line
        });
    // Configuration errors (a module cycle, a file the sandbox refused): the check cannot pass.
    for (const error of outcome.errors ?? [])
        list.unshift({
            level: 'error',
            title: RULES.configurationError.title,
            message: error.message,
            file: error.path,
            line: error.line
        });
    if (outcome.inputError)
        list.unshift({
            level: 'error',
            title: outcome.result === 'timeout' ? 'Timed out' : 'Input to fix',
            message: outcome.inputError
        });
    return list;
}
/**
 * At most `limit` annotations of each level, the last one saying how many more there are:
 * GitHub shows 10 error, 10 warning and 10 notice annotations a step and silently drops the rest
 * (actions/toolkit, docs/problem-matchers.md). The summary and the SARIF file list them all.
 */
function withinLimit(list, limit) {
    const out = [];
    for (const level of ['error', 'warning', 'notice']) {
        const of = list.filter(a => a.level === level);
        if (of.length <= limit) {
            out.push(...of);
            continue;
        }
        out.push(...of.slice(0, limit - 1), {
            level,
            title: `${of.length - limit + 1} more`,
            message: `${of.length - limit + 1} more ${level === 'notice' ? 'notices' : `${level}s`} than GitHub shows as annotations in one step: the job summary and the SARIF file (sarif-file output) list every one.`
        });
    }
    return out;
}
/**
 * The diagnosis of check, its texts made safe for where the report puts them: names from the
 * pull request (files, folders, resources, module paths) stay on one line with no autolink.
 */
function checkDiagnosis(outcome) {
    const diagnosis = rawDiagnosis(outcome);
    return {
        ...diagnosis,
        headline: (0,render_escape/* messageLine */.EE)(diagnosis.headline),
        evidence: diagnosis.evidence.map(render_escape/* messageLine */.EE),
        ruledOut: diagnosis.ruledOut.map(render_escape/* messageLine */.EE),
        openQuestions: diagnosis.openQuestions.map(render_escape/* messageLine */.EE),
        fix: diagnosis.fix && { ...diagnosis.fix, summary: (0,render_escape/* messageLine */.EE)(diagnosis.fix.summary) }
    };
}
/**
 * The timeline's verdict event. The report puts event details in a table cell, where a `|` inside
 * a code span still splits the row: backticks from the pull request's names become quotes.
 */
function verdictDetail(diagnosis) {
    return `${diagnosis.result}: ${diagnosis.headline.replace(/`/g, "'")}`;
}
function rawDiagnosis(outcome) {
    const failing = outcome.keys.filter(k => (0,model_check/* failsLaunches */.v1)(k.status));
    const first = failing[0];
    const unknown = outcome.keys.filter(k => k.status === 'unknown' || k.status === 'outside');
    const errors = outcome.errors ?? [];
    const said = errors
        .slice(0, 3)
        .map(e => `${e.path}${e.line ? `:${e.line}` : ''}: ${e.message}`)
        .join(' ');
    const unread = outcome.keys.filter(k => k.unread);
    const unreadSaid = unread
        .slice(0, 3)
        .map(k => `${k.file}${k.line ? `:${k.line}` : ''}`)
        .join(', ');
    const headline = outcome.inputError
        ? outcome.inputError
        : unread.length && !errors.length && !first
            ? `Cannot tell: ${unread.length === 1 ? 'a place' : `${unread.length} places`} of the configuration could not be read (${unreadSaid}${unread.length > 3 ? `, and ${unread.length - 3} more` : ''}), so any KMS key or launch template written there was not checked.`
            : errors.length && !first
                ? `${errors.length} configuration error${errors.length > 1 ? 's' : ''} keep check from passing: ${said}${errors.length > 3 ? ` (and ${errors.length - 3} more)` : ''}`
                : first
                    ? `${failing.length} KMS key${failing.length > 1 ? 's' : ''} used for node EBS encryption ${failing.length > 1 ? 'do' : 'does'} not let ${launchedBy(failing)} use ${failing.length > 1 ? 'them' : 'it'}: ${failing.map(k => k.key).join(', ')}.`
                    : unknown.length === outcome.keys.length && unknown.length > 0
                        ? `Cannot tell whether ${unknown.length === 1 ? 'the KMS key' : `any of the ${unknown.length} KMS keys`} used for node EBS encryption ${unknown.length === 1 ? 'lets' : 'let'} ${launchedBy(unknown)} use ${unknown.length === 1 ? 'it' : 'them'}: see the warnings for what is unknown and how to make it known.`
                        : outcome.keys.length
                            ? `Every KMS key used for node EBS encryption grants ${launchedBy(outcome.keys).replace(/^EC2 Auto Scaling$/, 'the EC2 Auto Scaling service-linked role')} what it needs${unknown.length ? `, except ${unknown.length} that cannot be told statically` : ''}.`
                            : `No KMS key used for node EBS encryption was found in ${formatsText(outcome)}.`;
    return {
        result: outcome.result,
        couldNotLook: outcome.inputError !== undefined,
        rootCause: outcome.inputError || ((errors.length || unread.length) && !first)
            ? 'unknown'
            : first
                ? (first.unusableCause ??
                    (first.status === 'denied' ? 'kms-key-explicit-deny' : missingCause(first)))
                : undefined,
        headline,
        evidence: [
            ...errors.map(e => `${e.path}${e.line ? `:${e.line}` : ''} ${e.message}`),
            ...failing.map(k => `${k.file ?? ''}${k.line ? `:${k.line}` : ''} ${k.message} Used by ${k.uses.map(u => `${u.consumer} via ${u.via}`).join('; ')}.`)
        ],
        ruledOut: outcome.keys.filter(k => k.status === 'granted').map(k => k.message),
        openQuestions: [
            ...unknown.map(k => k.message),
            ...(outcome.cautions ?? []).map(c => c.message),
            ...outcome.notes,
            ...outcome.problems.map(p => `${p.path}${p.line ? `:${p.line}` : ''}: ${p.message}`)
        ],
        fix: first?.fix
            ? {
                summary: `Add the ${launchedBy([first]).replace(/^EC2 Auto Scaling$/, 'Auto Scaling service-linked role')} statements to ${first.key} (${first.file}${first.line ? `:${first.line}` : ''}), in the style the file already uses.`,
                // A template's fix is CloudFormation (and CDK code), not Terraform: shown under its name.
                ...(first.style === 'KeyPolicy' ? { template: first.fix } : { terraform: first.fix })
            }
            : undefined,
        keyFindings: [],
        drift: [],
        cancelled: false
    };
}
/** What was read: "3 Terraform files", or each format's count when more than Terraform was read. */
function formatsText(outcome) {
    const read = outcome.formatsRead ?? [];
    if (!read.some(r => r.format !== 'terraform'))
        return `${outcome.filesRead} ${outcome.language ?? 'Terraform'} file${outcome.filesRead === 1 ? '' : 's'}`;
    const said = read.map(r => {
        const names = r.format === 'terraform' && outcome.language === 'OpenTofu'
            ? ['OpenTofu file', 'OpenTofu files']
            : model_check/* FORMAT_FILES */.gE[r.format];
        return `${r.files} ${names[r.files === 1 ? 0 : 1]}`;
    });
    return said.length > 1 ? `${said.slice(0, -1).join(', ')} and ${said[said.length - 1]}` : said[0];
}
function checkTable(outcome) {
    if (outcome.keys.length === 0)
        return '';
    // One table per folder, named once above it: the cells stay narrow enough for a PR comment.
    const folders = new Map();
    for (const k of outcome.keys) {
        const folder = k.file ? (0,external_node_path_.dirname)(k.file) : '.';
        folders.set(folder, [...(folders.get(folder) ?? []), k]);
    }
    const lines = ['### Keys used for node EBS encryption', ''];
    if (outcome.formatsRead?.some(r => r.format !== 'terraform'))
        lines.push(`Read: ${formatsText(outcome)}.`, '');
    for (const [folder, keys] of folders) {
        if (folders.size > 1 || folder !== '.')
            lines.push(`In ${(0,render_escape/* codeSpan */.SS)(`${folder}/`)}:`, '');
        lines.push('| key | policy at | style | access | decided by | used by |', '| --- | --- | --- | --- | --- | --- |', ...keys.map(k => `| ${(0,render_escape/* tableCode */.KH)(k.key)} | ${k.file ? (0,render_escape/* tableCode */.KH)(`${(0,external_node_path_.basename)(k.file)}${k.line ? `:${k.line}` : ''}`) : '—'} | ${k.style} | ${k.status === 'granted' ? '✅ granted' : k.status === 'missing' ? '❌ missing' : k.status === 'denied' ? '❌ denied' : k.status === 'unusable' ? '❌ unusable' : '⚠️ cannot tell'} | ${(0,render_escape/* tableCell */.xR)(k.decidedBy.map(d => `${d.kind} ${d.name}`).join(', ') || k.unknowns.map(c => c.what).join(', ') || '—')} | ${(0,render_escape/* tableCell */.xR)([...new Set(k.uses.map(u => `${u.consumer} via ${u.via}`))].join('; '))} |`), '');
    }
    return lines.join('\n');
}

;// CONCATENATED MODULE: ./src/check/report/sarif.ts

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
function sarif_location(file, line) {
    if (!file)
        return [];
    return [
        {
            physicalLocation: {
                // A URI reference: each segment percent-encoded (a file name may hold `#`, `?`, `%`, spaces).
                artifactLocation: {
                    uri: file
                        .split(/[\\/]/)
                        .map(segment => encodeURIComponent(segment))
                        .join('/'),
                    uriBaseId: '%SRCROOT%'
                },
                ...(line && line > 0 ? { region: { startLine: line } } : {})
            }
        }
    ];
}
/**
 * Plain text of a SARIF message. Its `[text](target)` is an embedded link (SARIF 2.1.0, §3.11.6
 * "Messages with embedded links"), so a literal `[` or `]` — and the `\` that escapes them — is
 * written with a backslash: a name from the pull request cannot become a link.
 */
function sarifText(text) {
    return text.replace(/[\\[\]]/g, '\\$&');
}
const ruleIndex = (rule) => SARIF_RULES.findIndex(r => r.id === rule.id);
function resultOf(key) {
    const rule = ruleOf(key);
    if (!rule)
        return undefined;
    return {
        ruleId: rule.id,
        ruleIndex: ruleIndex(rule),
        level: rule.level,
        message: { text: sarifText(key.fix ? `${key.message}\n\nFix:\n${key.fix}` : key.message) },
        locations: sarif_location(key.file, key.line),
        relatedLocations: [
            ...key.uses
                .filter(u => u.file)
                .map((u, i) => ({
                id: i + 1,
                message: { text: sarifText(`${u.consumer} launches through ${u.via}`) },
                ...sarif_location(u.file, u.line)[0]
            })),
            ...key.unknowns
                .filter(c => c.pos)
                .map((c, i) => ({
                id: key.uses.length + i + 1,
                message: { text: sarifText(`${c.what}: ${c.how}`) },
                ...sarif_location(c.pos?.file, c.pos?.line)[0]
            }))
        ],
        partialFingerprints: { 'eksKmsGuard/key/v1': `${rule.id}:${key.key}` }
    };
}
function toSarif(outcome, version) {
    const results = outcome.keys.map(resultOf).filter((r) => !!r);
    for (const error of outcome.errors ?? [])
        results.push({
            ruleId: RULES.configurationError.id,
            ruleIndex: ruleIndex(RULES.configurationError),
            level: RULES.configurationError.level,
            message: { text: sarifText(error.message) },
            locations: sarif_location(error.path, error.line)
        });
    for (const caution of outcome.cautions ?? [])
        results.push({
            ruleId: RULES[caution.rule].id,
            ruleIndex: ruleIndex(RULES[caution.rule]),
            level: RULES[caution.rule].level,
            message: { text: sarifText(caution.message) },
            locations: sarif_location(caution.file, caution.line)
        });
    for (const problem of outcome.problems)
        results.push({
            ruleId: RULES.notParsed.id,
            ruleIndex: ruleIndex(RULES.notParsed),
            level: RULES.notParsed.level,
            message: { text: sarifText(`Not all of this was checked: ${problem.message}`) },
            locations: sarif_location(problem.path, problem.line)
        });
    return {
        $schema: SARIF_SCHEMA,
        version: '2.1.0',
        runs: [
            {
                tool: {
                    driver: {
                        name: 'eks-kms-guard',
                        informationUri: 'https://github.com/features/actions',
                        semanticVersion: version,
                        rules: SARIF_RULES
                    }
                },
                results,
                columnKind: 'utf16CodeUnits'
            }
        ]
    };
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./src/terraform/hcl/template.ts
class TemplateReader {
    host;
    constructor(host) {
        this.host = host;
    }
    get source() {
        return this.host.source;
    }
    pos(node) {
        return this.host.pos(node);
    }
    expression(node) {
        return this.host.expression(node);
    }
    template(node) {
        const pos = this.pos(node);
        const heredoc = node.type === 'heredoc_template';
        const children = node.children.filter(Boolean);
        let start;
        let end;
        if (heredoc) {
            const ids = children.filter(c => c.type === 'heredoc_identifier');
            start = this.source.indexOf('\n', ids[0].endIndex) + 1;
            end =
                ids.length > 1 ? this.source.lastIndexOf('\n', ids[ids.length - 1].startIndex) + 1 : start;
            if (end < start)
                end = start;
        }
        else {
            start = children[0].endIndex;
            end = children[children.length - 1].startIndex;
        }
        const parts = this.templateParts(children, start, end, heredoc);
        if (heredoc && children.some(c => c.type === 'heredoc_start' && c.text === '<<-'))
            return { kind: 'template', parts: stripIndent(parts), pos };
        return { kind: 'template', parts, pos };
    }
    /**
     * Literal text comes from the source between the interpolations (tree-sitter skips spaces).
     * `stripStart` / `stripEnd`: the sequence just before `start` ends with a strip marker `~}`, the
     * one just after `end` starts with `{~`.
     */
    templateParts(nodes, start, end, heredoc, stripStart = false, stripEnd = false) {
        const parts = [];
        let at = start;
        let trimLeft = stripStart;
        // Strip markers (HCL native syntax specification, "Template Literals"): the spaces of the
        // literal next to a `~` are removed, at syntax level — `hello ${~ "world" }` is "helloworld",
        // `%{ if true ~} hello %{~ endif }` is "hello"; hclsyntax trims with unicode.IsSpace, so
        // newlines go too.
        const literal = (to, trimRight) => {
            if (to > at) {
                let text = this.source.slice(at, to);
                if (trimLeft)
                    text = text.replace(/^\s+/u, '');
                if (trimRight)
                    text = text.replace(/\s+$/u, '');
                if (text)
                    parts.push(heredoc ? text.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{') : unescapeQuoted(text));
            }
        };
        for (const child of nodes) {
            if (child.startIndex < start || child.endIndex > end)
                continue;
            if (child.type === 'template_interpolation') {
                literal(child.startIndex, stripsBefore(child));
                const expr = child.namedChildren.find(c => c?.type === 'expression');
                if (expr)
                    parts.push(this.expression(expr));
                at = child.endIndex;
                trimLeft = stripsAfter(child);
            }
            else if (child.type === 'template_directive') {
                const directive = child.namedChildren[0];
                const sequences = directive.children.filter(Boolean);
                literal(child.startIndex, stripsBefore(sequences[0]));
                parts.push(this.directive(directive, heredoc));
                at = child.endIndex;
                trimLeft = stripsAfter(sequences[sequences.length - 1]);
            }
        }
        literal(end, stripEnd);
        return parts;
    }
    directive(node, heredoc) {
        const children = node.children.filter(Boolean);
        if (node.type === 'template_if') {
            const intro = children[0];
            const cond = intro.namedChildren.find(c => c?.type === 'expression');
            const elseNode = children.find(c => c.type === 'template_else_intro');
            const endNode = children.find(c => c.type === 'template_if_end');
            return {
                kind: 'tif',
                cond: this.expression(cond),
                then: this.templateParts(children, intro.endIndex, (elseNode ?? endNode).startIndex, heredoc, stripsAfter(intro), stripsBefore(elseNode ?? endNode)),
                else: elseNode
                    ? this.templateParts(children, elseNode.endIndex, endNode.startIndex, heredoc, stripsAfter(elseNode), stripsBefore(endNode))
                    : []
            };
        }
        const startNode = children[0];
        const endNode = children[children.length - 1];
        const names = startNode.namedChildren.filter(c => c?.type === 'identifier');
        const collection = startNode.namedChildren.find(c => c?.type === 'expression');
        return {
            kind: 'tfor',
            keyVar: names.length > 1 ? names[0].text : undefined,
            valueVar: names[names.length - 1].text,
            collection: this.expression(collection),
            body: this.templateParts(children, startNode.endIndex, endNode.startIndex, heredoc, stripsAfter(startNode), stripsBefore(endNode))
        };
    }
}
/** A template sequence (`${…}`, `%{…}`) that opens with a strip marker: `${~`, `%{~`. */
function stripsBefore(sequence) {
    return sequence.children[1]?.type === 'strip_marker';
}
/** A template sequence that closes with a strip marker: `~}`. */
function stripsAfter(sequence) {
    const children = sequence.children;
    return children[children.length - 2]?.type === 'strip_marker';
}
const ESCAPES = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
function unescapeQuoted(text) {
    return text.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)|\$\$\{|%%\{/g, (match, escape) => {
        if (match === '$${')
            return '${';
        if (match === '%%{')
            return '%{';
        if (!escape)
            return match;
        if (escape.length > 1)
            return String.fromCodePoint(parseInt(escape.slice(1), 16));
        return ESCAPES[escape] ?? escape;
    });
}
/** `<<-` heredocs: remove the smallest indentation of the literal lines. */
function stripIndent(parts) {
    const text = parts.map(p => (typeof p === 'string' ? p : '\u0000')).join('');
    const lines = text.split('\n').filter(l => l.trim().length > 0);
    const indent = Math.min(...lines.map(l => /^[ \t]*/.exec(l)[0].length));
    if (!Number.isFinite(indent) || indent === 0)
        return parts;
    let lineStart = true;
    return parts.map(part => {
        if (typeof part !== 'string') {
            lineStart = false;
            return part;
        }
        const out = part
            .split('\n')
            .map((line, i) => i > 0 || lineStart ? line.slice(Math.min(indent, /^[ \t]*/.exec(line)[0].length)) : line)
            .join('\n');
        lineStart = part.endsWith('\n');
        return out;
    });
}

;// CONCATENATED MODULE: ./src/terraform/hcl/convert.ts

class convert_HclSyntaxError extends Error {
    pos;
    constructor(message, pos) {
        super(message);
        this.pos = pos;
    }
}
const POSTFIX = new Set(['get_attr', 'index', 'splat']);
/** The three parts of an `expression` that is a conditional written without parentheses. */
function bareConditional(node) {
    const children = node.children.filter(c => c && c.type !== 'comment');
    if (node.type !== 'expression' || children.length !== 1 || children[0].type !== 'conditional')
        return undefined;
    const parts = children[0].namedChildren.filter(c => c?.type === 'expression');
    return parts.length === 3 ? parts : undefined;
}
class Converter {
    file;
    source;
    lineOffset;
    pinnedLine;
    errors = [];
    templates = new TemplateReader(this);
    constructor(file, source, lineOffset = 0, 
    /** Every position on this line: a template that was one JSON string, on one line of its file. */
    pinnedLine) {
        this.file = file;
        this.source = source;
        this.lineOffset = lineOffset;
        this.pinnedLine = pinnedLine;
    }
    pos(node) {
        return {
            file: this.file,
            line: this.pinnedLine ?? node.startPosition.row + 1 + this.lineOffset
        };
    }
    body(node) {
        const body = { attributes: new Map(), blocks: [] };
        for (const child of node?.namedChildren ?? []) {
            if (!child)
                continue;
            try {
                if (child.type === 'attribute') {
                    const attribute = this.attribute(child);
                    body.attributes.set(attribute.name, attribute);
                }
                else if (child.type === 'block')
                    body.blocks.push(this.block(child));
            }
            catch (error) {
                // Recover like Terraform's own parser would report: this item is lost, the rest counts.
                if (!(error instanceof convert_HclSyntaxError))
                    throw error;
                this.errors.push(error);
            }
        }
        return body;
    }
    attribute(node) {
        const [name, value] = node.namedChildren.filter(c => c && c.type !== 'comment');
        return { name: name.text, expr: this.expression(value), pos: this.pos(node) };
    }
    block(node) {
        const children = node.namedChildren.filter(c => c && c.type !== 'comment');
        const labels = [];
        let body = null;
        for (const child of children.slice(1)) {
            if (child.type === 'string_lit')
                labels.push(this.stringLiteral(child));
            else if (child.type === 'identifier')
                labels.push(child.text);
            else if (child.type === 'body')
                body = child;
        }
        return { type: children[0].text, labels, body: this.body(body), pos: this.pos(node) };
    }
    /** The text between the quotes: tree-sitter's template_literal leaves out trailing spaces. */
    stringLiteral(node) {
        const open = node.children.find(c => c?.type === 'quoted_template_start');
        const close = node.children.find(c => c?.type === 'quoted_template_end');
        if (!open || !close)
            return '';
        return unescapeQuoted(this.source.slice(open.endIndex, close.startIndex));
    }
    /** An `expression` node (or any node that is one term). */
    expression(node) {
        if (node.type === 'expression') {
            const children = node.children.filter(c => c && c.type !== 'comment');
            return this.sequence(children, node);
        }
        return this.sequence([node], node);
    }
    /** A primary term followed by postfix steps, as tree-sitter flattens them. */
    sequence(nodes, whole) {
        const first = nodes[0];
        if (!first)
            throw new convert_HclSyntaxError('empty expression', this.pos(whole));
        const parenthesized = first.type === '(';
        let expr = parenthesized ? this.expression(nodes[1]) : this.primary(first);
        for (let index = parenthesized ? 3 : 1; index < nodes.length; index++) {
            const step = nodes[index];
            // Anything but an attribute, index or splat here is text the expression would lose.
            if (!POSTFIX.has(step.type))
                throw new convert_HclSyntaxError(`unexpected ${step.type} in an expression`, this.pos(step));
            expr = this.postfix(expr, step);
        }
        return expr;
    }
    postfix(target, node) {
        const pos = this.pos(node);
        if (node.type === 'get_attr')
            return { kind: 'attr', target, name: node.namedChildren[0].text, pos };
        if (node.type === 'index') {
            const inner = node.namedChildren[0];
            if (inner.type === 'legacy_index') {
                const digits = inner.text.replace(/^\./, '');
                return { kind: 'index', target, key: { kind: 'literal', value: Number(digits), pos }, pos };
            }
            return { kind: 'index', target, key: this.expression(inner.namedChildren[0]), pos };
        }
        // splat
        const splat = node.namedChildren[0];
        const steps = [];
        for (const step of splat.namedChildren) {
            if (!step)
                continue;
            if (step.type === 'get_attr')
                steps.push({ attr: step.namedChildren[0].text });
            else if (step.type === 'index') {
                const inner = step.namedChildren[0];
                steps.push({
                    index: inner.type === 'legacy_index'
                        ? { kind: 'literal', value: Number(inner.text.replace(/^\./, '')), pos }
                        : this.expression(inner.namedChildren[0])
                });
            }
        }
        return { kind: 'splat', target, steps, pos };
    }
    primary(node) {
        const pos = this.pos(node);
        const named = node.namedChildren.filter(c => c && c.type !== 'comment');
        switch (node.type) {
            case 'expression':
                return this.expression(node);
            case 'literal_value':
                return this.literal(named[0]);
            case 'variable_expr':
                return { kind: 'variable', name: named[0].text, pos };
            case 'collection_value':
                return this.primary(named[0]);
            case 'tuple':
                return {
                    kind: 'tuple',
                    items: named.filter(c => c.type === 'expression').map(c => this.expression(c)),
                    pos
                };
            case 'object':
                return {
                    kind: 'object',
                    items: named
                        .filter(c => c.type === 'object_elem')
                        .map(elem => ({
                        key: this.expression(elem.childForFieldName('key')),
                        value: this.expression(elem.childForFieldName('val'))
                    })),
                    pos
                };
            case 'template_expr':
                return this.template(named[0]);
            case 'function_call': {
                const args = named.find(c => c.type === 'function_arguments');
                const list = (args?.namedChildren ?? []).filter(c => c?.type === 'expression');
                return {
                    kind: 'call',
                    name: named[0].text,
                    args: list.map(c => this.expression(c)),
                    expand: !!args?.namedChildren.some(c => c?.type === 'ellipsis'),
                    pos
                };
            }
            case 'for_expr':
                return this.forExpr(named[0]);
            case 'operation':
                return this.operation(named[0]);
            case 'conditional': {
                const [cond, then, otherwise] = named.filter(c => c.type === 'expression');
                return this.conditional(cond, then, () => this.expression(otherwise), pos);
            }
            case 'ERROR':
                throw new convert_HclSyntaxError('cannot parse this expression', pos);
            default:
                throw new convert_HclSyntaxError(`unexpected ${node.type}`, pos);
        }
    }
    /**
     * `cond ? then : otherwise`, right-associative as HCL's: the specification's grammar is
     * `Conditional = Expression "?" Expression ":" Expression` and hclsyntax reads the false result
     * as a whole expression, so `a ? x : b ? y : z` is `a ? x : (b ? y : z)`. The tree-sitter
     * grammar nests it the other way, `(a ? x : b) ? y : z`: an unparenthesised conditional as a
     * predicate is turned back here.
     */
    conditional(cond, then, otherwise, pos) {
        const inner = bareConditional(cond);
        if (!inner) {
            return {
                kind: 'conditional',
                cond: this.expression(cond),
                then: this.expression(then),
                else: otherwise(),
                pos
            };
        }
        const [innerCond, innerThen, innerElse] = inner;
        return this.conditional(innerCond, innerThen, () => this.conditional(innerElse, then, otherwise, pos), pos);
    }
    literal(node) {
        const pos = this.pos(node);
        switch (node.type) {
            case 'numeric_lit':
                return { kind: 'literal', value: Number(node.text), pos };
            case 'bool_lit':
                return { kind: 'literal', value: node.text === 'true', pos };
            case 'null_lit':
                return { kind: 'literal', value: null, pos };
            default:
                return { kind: 'literal', value: this.stringLiteral(node), pos };
        }
    }
    operation(node) {
        const pos = this.pos(node);
        const children = node.children.filter(c => c && c.type !== 'comment');
        if (node.type === 'unary_operation') {
            return {
                kind: 'unary',
                op: children[0].type,
                operand: this.sequence(children.slice(1), node),
                pos
            };
        }
        // The operator is the first anonymous token that is not a parenthesis: tree-sitter flattens
        // a parenthesised left operand into this node as `(` expression `)` followed by its postfix
        // steps, so `(a) || b` reads `(` first (HCL native syntax specification, "Operations":
        // `Operation = unaryOp | binaryOp`, with `"(" Expression ")"` an ExprTerm).
        const at = children.findIndex(c => !c.isNamed && c.type !== '(' && c.type !== ')');
        if (at < 0)
            throw new convert_HclSyntaxError('an operation without its operator', pos);
        return {
            kind: 'binary',
            op: children[at].type,
            left: this.sequence(children.slice(0, at), node),
            right: this.sequence(children.slice(at + 1), node),
            pos
        };
    }
    forExpr(node) {
        const pos = this.pos(node);
        const named = node.namedChildren.filter(c => c && c.type !== 'comment');
        const intro = named.find(c => c.type === 'for_intro');
        const names = intro.namedChildren.filter(c => c?.type === 'identifier');
        const collection = intro.namedChildren.find(c => c?.type === 'expression');
        const expressions = named.filter(c => c.type === 'expression');
        const cond = named.find(c => c.type === 'for_cond');
        const condExpr = cond?.namedChildren.find(c => c?.type === 'expression');
        const object = node.type === 'for_object_expr';
        return {
            kind: 'for',
            keyVar: names.length > 1 ? names[0].text : undefined,
            valueVar: names[names.length - 1].text,
            collection: this.expression(collection),
            keyExpr: object ? this.expression(expressions[0]) : undefined,
            valueExpr: this.expression(expressions[object ? 1 : 0]),
            cond: condExpr ? this.expression(condExpr) : undefined,
            grouping: named.some(c => c.type === 'ellipsis'),
            pos
        };
    }
    template(node) {
        return this.templates.template(node);
    }
}

// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(3136);
// EXTERNAL MODULE: ./src/terraform/hcl/web-tree-sitter.cjs
var web_tree_sitter = __webpack_require__(9704);
var web_tree_sitter_default = /*#__PURE__*/__webpack_require__.n(web_tree_sitter);
;// CONCATENATED MODULE: ./src/terraform/hcl/parser.ts
/**
 * Loads tree-sitter's HCL grammar (tree-sitter-grammars/tree-sitter-hcl) on web-tree-sitter:
 * about 300 kB of WASM, loaded once, and only when check mode runs.
 */




let loading;
/** The WASM files: beside the bundle (dist/tree-sitter/), else in node_modules (tests, scripts). */
function wasmPath(file, packageDir) {
    const here = (0,external_node_path_.dirname)((0,external_node_url_.fileURLToPath)(import.meta.url));
    const bundled = (0,external_node_path_.join)(here, 'tree-sitter', file);
    if ((0,external_node_fs_.existsSync)(bundled))
        return bundled;
    for (let dir = here; dir !== (0,external_node_path_.dirname)(dir); dir = (0,external_node_path_.dirname)(dir)) {
        const candidate = (0,external_node_path_.join)(dir, 'node_modules', packageDir, file);
        if ((0,external_node_fs_.existsSync)(candidate))
            return candidate;
    }
    throw new Error(`${file} was not found beside the action or in node_modules`);
}
/** Loads the parser once; only check mode pays for it. */
function hclParser() {
    loading ??= (async () => {
        // The CommonJS build reads `__dirname` (only as a default for locateFile): an ES module has none.
        const scope = globalThis;
        scope.__dirname ??= (0,external_node_path_.dirname)((0,external_node_url_.fileURLToPath)(import.meta.url));
        const { Parser: TsParser, Language: TsLanguage } = (web_tree_sitter_default());
        await TsParser.init({
            locateFile: () => wasmPath('web-tree-sitter.wasm', 'web-tree-sitter')
        });
        const language = await TsLanguage.load(wasmPath('tree-sitter-hcl.wasm', '@tree-sitter-grammars/tree-sitter-hcl'));
        const parser = new TsParser();
        parser.setLanguage(language);
        ready = parser;
        return parser;
    })();
    return loading;
}
let ready;
/** The parser once hclParser() has loaded it (templatefile parses synchronously). */
function loadedParser() {
    return ready;
}

;// CONCATENATED MODULE: ./src/terraform/hcl/parse.ts



const TEMPLATE_END = '__EKS_KMS_GUARD_TEMPLATE_END__';
/**
 * The expression of the one attribute `x` that `source` declares, converted with positions from
 * `line`; the tree is freed before returning. `strict`: any syntax error is an error, where
 * tree-sitter's recovery would otherwise drop part of the text silently.
 */
function loneAttribute(source, file, lineOffset, line, strict, accept, what) {
    const ready = loadedParser();
    if (!ready)
        throw new Error('the HCL parser is not loaded');
    const tree = ready.parse(source);
    if (!tree)
        throw new convert_HclSyntaxError('the parser returned nothing', { file, line: line ?? 1 });
    try {
        const converter = new Converter(file, source, lineOffset, line);
        const errorNode = strict ? firstError(tree.rootNode) : undefined;
        if (errorNode)
            throw new convert_HclSyntaxError('syntax error', converter.pos(errorNode));
        const body = converter.body(tree.rootNode.namedChildren.find(c => c?.type === 'body') ?? null);
        const expr = body.attributes.get('x')?.expr;
        if (!expr || !accept(expr, body))
            throw converter.errors[0] ?? new convert_HclSyntaxError(what, { file, line: line ?? 1 });
        return expr;
    }
    finally {
        tree.delete();
    }
}
/** The heredoc adds the newline before its closing marker; the template's text has none. */
function withoutClosingNewline(expr) {
    if (expr.kind !== 'template')
        return expr;
    const last = expr.parts[expr.parts.length - 1];
    if (typeof last === 'string')
        expr.parts[expr.parts.length - 1] = last.replace(/\n$/, '');
    return expr;
}
/**
 * A template file's text as a template expression (templatefile), or a JSON-syntax string with
 * `line` (all its positions on that line); the parser must be loaded. A JSON string must parse
 * whole.
 */
function parseTemplateText(text, file, line) {
    return withoutClosingNewline(loneAttribute(`x = <<${TEMPLATE_END}\n${text}\n${TEMPLATE_END}\n`, file, -1, line, line !== undefined, expr => expr.kind === 'template', 'not a template'));
}
/**
 * Many JSON-syntax strings of one file as templates, in one parse: a tree-sitter parse per
 * string costs more than the whole rest of reading a CDKTF file. Each result is as
 * parseTemplateText would give it; when the batch does not parse cleanly, each string is parsed
 * alone, so an error is told at its own string and never spills into its neighbours.
 */
function parseTemplateTexts(items, file) {
    const ready = loadedParser();
    if (!ready)
        throw new Error('the HCL parser is not loaded');
    const alone = () => items.map(item => {
        try {
            return parseTemplateText(item.text, file, item.line);
        }
        catch (error) {
            if (error instanceof convert_HclSyntaxError)
                return error;
            throw error;
        }
    });
    if (items.length < 2)
        return alone();
    const source = items
        .map((item, i) => `t${i} = <<${TEMPLATE_END}\n${item.text}\n${TEMPLATE_END}\n`)
        .join('');
    const tree = ready.parse(source);
    if (!tree)
        return alone();
    try {
        if (tree.rootNode.hasError)
            return alone();
        const body = tree.rootNode.namedChildren.find(c => c?.type === 'body');
        const nodes = (body?.namedChildren ?? []).filter(c => c?.type === 'attribute');
        if (nodes.length !== items.length)
            return alone();
        return nodes.map((node, i) => {
            const converter = new Converter(file, source, 0, items[i].line);
            try {
                const { expr } = converter.attribute(node);
                if (expr.kind !== 'template')
                    return parseTemplateText(items[i].text, file, items[i].line);
                return withoutClosingNewline(expr);
            }
            catch (error) {
                if (error instanceof convert_HclSyntaxError)
                    return error;
                throw error;
            }
        });
    }
    finally {
        tree.delete();
    }
}
/** A lone expression on one line of a file (a JSON-syntax type or reference); parser loaded. */
function parseExpressionText(text, file, line) {
    return loneAttribute(`x = ${text}\n`, file, 0, line, true, (_, body) => body.attributes.size === 1 && body.blocks.length === 0, 'not one expression');
}
function firstError(node) {
    if (node.type === 'ERROR' || node.isMissing)
        return node;
    if (!node.hasError)
        return undefined;
    for (const child of node.children) {
        const found = child && firstError(child);
        if (found)
            return found;
    }
    return undefined;
}
/** Parses one file. A syntax error is returned with its line; the readable rest still counts. */
async function parseHcl(source, file) {
    const parser = await hclParser();
    const tree = parser.parse(source);
    if (!tree)
        throw new convert_HclSyntaxError('the parser returned nothing', { file, line: 1 });
    try {
        const converter = new Converter(file, source);
        const root = tree.rootNode;
        const errorNode = firstError(root);
        const error = errorNode
            ? new convert_HclSyntaxError('syntax error', converter.pos(errorNode))
            : undefined;
        const bodyNode = root.namedChildren.find(c => c?.type === 'body') ?? null;
        const body = converter.body(bodyNode);
        return { body, error: error ?? converter.errors[0] };
    }
    finally {
        tree.delete();
    }
}
/** Parses a lone expression (a tfvars value, a test's input). */
async function parseExpression(source, file = 'expression') {
    const { body, error } = await parseHcl(`x = ${source}\n`, file);
    const attribute = body.attributes.get('x');
    if (error || !attribute)
        throw error ?? new HclSyntaxError('not an expression', { file, line: 1 });
    return attribute.expr;
}

;// CONCATENATED MODULE: ./src/terraform/hcl/json-text.ts
/**
 * JSON text with the line of every value and property, and properties kept in order with their
 * duplicates: JSON.parse keeps neither, and Terraform's JSON syntax needs both (findings point at
 * the property's line; a block type may be given twice in one object).
 */
class JsonTextError extends Error {
    line;
    constructor(message, line) {
        super(message);
        this.line = line;
    }
}
// JSON forbids raw control characters in strings, so the pattern must name them.
// eslint-disable-next-line no-control-regex
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const SPACE = /[ \t\r\n]*/y;
class Reader {
    text;
    at = 0;
    line = 1;
    constructor(text) {
        this.text = text;
    }
    fail(message) {
        throw new JsonTextError(message, this.line);
    }
    skip() {
        SPACE.lastIndex = this.at;
        const space = SPACE.exec(this.text)[0];
        for (const c of space)
            if (c === '\n')
                this.line++;
        this.at += space.length;
    }
    expect(char) {
        this.skip();
        if (this.text[this.at] !== char)
            this.fail(`expected ${char} but found ${this.describe()}`);
        this.at++;
    }
    describe() {
        return this.at >= this.text.length ? 'the end of the file' : JSON.stringify(this.text[this.at]);
    }
    token(pattern) {
        pattern.lastIndex = this.at;
        const match = pattern.exec(this.text)?.[0];
        if (match)
            this.at += match.length;
        return match;
    }
    string() {
        const raw = this.token(STRING);
        if (raw === undefined)
            this.fail(`expected a string but found ${this.describe()}`);
        return JSON.parse(raw);
    }
    value(depth) {
        if (depth > 500)
            this.fail('the JSON is nested too deeply');
        this.skip();
        const line = this.line;
        const c = this.text[this.at];
        if (c === '{') {
            this.at++;
            const props = [];
            this.skip();
            if (this.text[this.at] === '}') {
                this.at++;
                return { kind: 'object', props, line };
            }
            for (;;) {
                this.skip();
                const propLine = this.line;
                const name = this.string();
                this.expect(':');
                props.push({ name, value: this.value(depth + 1), line: propLine });
                this.skip();
                if (this.text[this.at] === ',')
                    this.at++;
                else if (this.text[this.at] === '}') {
                    this.at++;
                    return { kind: 'object', props, line };
                }
                else
                    this.fail(`expected , or } but found ${this.describe()}`);
            }
        }
        if (c === '[') {
            this.at++;
            const items = [];
            this.skip();
            if (this.text[this.at] === ']') {
                this.at++;
                return { kind: 'array', items, line };
            }
            for (;;) {
                items.push(this.value(depth + 1));
                this.skip();
                if (this.text[this.at] === ',')
                    this.at++;
                else if (this.text[this.at] === ']') {
                    this.at++;
                    return { kind: 'array', items, line };
                }
                else
                    this.fail(`expected , or ] but found ${this.describe()}`);
            }
        }
        if (c === '"')
            return { kind: 'string', value: this.string(), line };
        for (const [word, node] of [
            ['true', { kind: 'bool', value: true, line }],
            ['false', { kind: 'bool', value: false, line }],
            ['null', { kind: 'null', line }]
        ])
            if (this.text.startsWith(word, this.at)) {
                this.at += word.length;
                return node;
            }
        const number = this.token(NUMBER);
        if (number !== undefined)
            return { kind: 'number', value: Number(number), line };
        return this.fail(`unexpected ${this.describe()}`);
    }
}
/** Parses JSON text (a leading byte order mark is allowed); errors carry their line. */
function parseJsonText(text) {
    const reader = new Reader(text.replace(/^\uFEFF/, ''));
    const root = reader.value(0);
    reader.skip();
    if (reader.at < reader.text.length)
        reader.fail(`unexpected ${reader.describe()} after the value`);
    return root;
}

;// CONCATENATED MODULE: ./src/terraform/hcl/json-expr.ts


/** Every string of the file that holds an interpolation or a directive. */
function templateStrings(node, out) {
    if (node.kind === 'string' && /[$%]\{/.test(node.value))
        out.push(node);
    else if (node.kind === 'array')
        for (const item of node.items)
            templateStrings(item, out);
    else if (node.kind === 'object')
        for (const prop of node.props)
            templateStrings(prop.value, out);
}
class JsonExpressions {
    file;
    errors = [];
    /** The file's template strings, parsed together up front (see parseTemplateTexts). */
    templates = new Map();
    constructor(file, root) {
        this.file = file;
        const strings = [];
        templateStrings(root, strings);
        const parsed = parseTemplateTexts(strings.map(n => ({ text: n.value, line: n.line })), file);
        strings.forEach((node, i) => this.templates.set(node, parsed[i]));
    }
    pos(line) {
        return { file: this.file, line };
    }
    error(message, line) {
        this.errors.push(new convert_HclSyntaxError(message, this.pos(line)));
    }
    /** depends_on and provider: references written as strings, not templates. */
    references(node) {
        if (node.kind === 'string')
            return this.parsed(node.value, node.line, 'expression');
        if (node.kind === 'array')
            return {
                kind: 'tuple',
                items: node.items.map(i => this.references(i)),
                pos: this.pos(node.line)
            };
        return this.literal(node);
    }
    /** doc, "Expression Mapping". */
    expr(node) {
        const pos = this.pos(node.line);
        switch (node.kind) {
            case 'string':
                return this.template(node);
            case 'array':
                return { kind: 'tuple', items: node.items.map(i => this.expr(i)), pos };
            case 'object':
                return {
                    kind: 'object',
                    items: node.props.map(p => ({
                        key: { kind: 'literal', value: p.name, pos: this.pos(p.line) },
                        value: this.expr(p.value)
                    })),
                    pos
                };
            default:
                return this.literal(node);
        }
    }
    /** JSON taken literally: strings are not templates. */
    literal(node) {
        const pos = this.pos(node.line);
        switch (node.kind) {
            case 'array':
                return { kind: 'tuple', items: node.items.map(i => this.literal(i)), pos };
            case 'object':
                return {
                    kind: 'object',
                    items: node.props.map(p => ({
                        key: { kind: 'literal', value: p.name, pos: this.pos(p.line) },
                        value: this.literal(p.value)
                    })),
                    pos
                };
            case 'null':
                return { kind: 'literal', value: null, pos };
            default:
                return { kind: 'literal', value: node.value, pos };
        }
    }
    /** A string in expression context: a template (doc, "Expression Mapping"). */
    template(node) {
        const pos = this.pos(node.line);
        const expr = this.templates.get(node);
        // No interpolation or directive: the text itself.
        if (!expr)
            return { kind: 'literal', value: node.value, pos };
        if (expr instanceof convert_HclSyntaxError)
            return this.invalid(node.value, node.line, 'template', expr);
        if (expr.kind !== 'template')
            return expr;
        // The heredoc that carries the text can leave an empty literal at its end.
        const parts = expr.parts.filter(p => p !== '');
        if (parts.length === 0)
            return { kind: 'literal', value: '', pos };
        // doc: a template that is one interpolation alone is that value, of any type.
        const [only] = parts;
        if (parts.length === 1 &&
            typeof only !== 'string' &&
            !('kind' in only && (only.kind === 'tif' || only.kind === 'tfor')))
            return only;
        if (parts.every(p => typeof p === 'string'))
            return { kind: 'literal', value: parts.join(''), pos };
        return { ...expr, parts };
    }
    /** A string that holds an expression (a type, a reference). */
    parsed(text, line, as) {
        try {
            return parseExpressionText(text, this.file, line);
        }
        catch (error) {
            return this.invalid(text, line, as, error);
        }
    }
    /** A string that does not parse: reported at its line, and an error wherever it is used. */
    invalid(text, line, as, error) {
        const shown = JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
        const message = `${shown} does not parse as ${as === 'template' ? 'a string template' : 'an expression'}: ${error.message}`;
        this.error(message, line);
        return { kind: 'invalid', message, pos: this.pos(line) };
    }
}

;// CONCATENATED MODULE: ./src/terraform/hcl/json.ts




/** Top-level block types and how many labels each has; those check does not read are skipped. */
const TOP_LEVEL = {
    resource: 2,
    data: 2,
    variable: 1,
    output: 1,
    module: 1,
    locals: 0,
    terraform: 'skip',
    provider: 'skip',
    moved: 'skip',
    import: 'skip',
    removed: 'skip',
    check: 'skip',
    ephemeral: 'skip'
};
/** Meta-arguments that name objects instead of being templates (doc: resource and data blocks). */
const REFERENCE = new Set(['provider', 'depends_on']);
/** Meta-arguments that are never nested blocks, whatever their JSON shape. */
const ALWAYS_ATTRIBUTE = new Set(['count', 'for_each', 'provider', 'depends_on']);
/** Nested blocks of resources that Terraform itself defines; always blocks. */
const META_BLOCKS = {
    lifecycle: 0,
    connection: 0,
    provisioner: 1,
    dynamic: 1,
    precondition: 0,
    postcondition: 0
};
const isObject = (node) => node.kind === 'object';
function emptyBody() {
    return { attributes: new Map(), blocks: [] };
}
class JsonConverter {
    values;
    constructor(values) {
        this.values = values;
    }
    pos(line) {
        return this.values.pos(line);
    }
    error(message, line) {
        this.values.error(message, line);
    }
    /** The properties of a body, without `"//"` comments. */
    props(node, what) {
        if (!isObject(node)) {
            this.error(`${what} must be a JSON object`, node.line);
            return [];
        }
        return node.props.filter(p => p.name !== '//');
    }
    root(node) {
        const body = emptyBody();
        for (const prop of this.props(node, 'the root of a .tf.json file')) {
            const labels = TOP_LEVEL[prop.name];
            if (labels === 'skip')
                continue;
            if (labels === undefined) {
                this.error(`unsupported top-level block type "${prop.name}"`, prop.line);
                continue;
            }
            const make = (props) => prop.name === 'variable'
                ? this.variable(props)
                : prop.name === 'output'
                    ? this.literalExcept(props, ['value'])
                    : prop.name === 'module'
                        ? this.module(props)
                        : prop.name === 'locals'
                            ? this.attributes(props, 'template')
                            : this.resource(props);
            body.blocks.push(...this.blocks(prop.name, prop.value, labels, make, prop.line));
        }
        return body;
    }
    /**
     * Blocks of one type: one nested object per label level; at any level an array stands for
     * several (doc: "this pattern of alternating array and object nesting can be used").
     */
    blocks(type, node, labels, make, line, given = []) {
        if (node.kind === 'array')
            return node.items.flatMap(item => this.blocks(type, item, labels, make, item.line, given));
        if (given.length === labels)
            return [
                {
                    type,
                    labels: given,
                    body: make(this.props(node, `a ${type} block`)),
                    pos: this.pos(line)
                }
            ];
        return this.props(node, `the labels of a ${type} block`).flatMap(p => this.blocks(type, p.value, labels, make, p.line, [...given, p.name]));
    }
    attributes(props, mode) {
        const body = emptyBody();
        for (const prop of props)
            this.set(body, prop, mode === 'template' ? this.values.expr(prop.value) : this.values.literal(prop.value));
        return body;
    }
    set(body, prop, expr) {
        if (body.attributes.has(prop.name))
            this.error(`the argument "${prop.name}" is set twice`, prop.line);
        const attribute = { name: prop.name, expr, pos: this.pos(prop.line) };
        body.attributes.set(prop.name, attribute);
    }
    /** doc, variable blocks: `type` is a type expression in a string, the rest literal JSON. */
    variable(props) {
        const body = emptyBody();
        for (const prop of props) {
            if (prop.name === 'type' && prop.value.kind === 'string')
                this.set(body, prop, this.values.parsed(prop.value.value, prop.value.line, 'expression'));
            else if (prop.name === 'validation')
                continue;
            else
                this.set(body, prop, this.values.literal(prop.value));
        }
        return body;
    }
    /** Literal JSON but for the named arguments, which are expressions (output: value). */
    literalExcept(props, expressions) {
        const body = emptyBody();
        for (const prop of props)
            if (prop.name === 'depends_on')
                this.set(body, prop, this.values.references(prop.value));
            else if (!['precondition'].includes(prop.name))
                this.set(body, prop, expressions.includes(prop.name)
                    ? this.values.expr(prop.value)
                    : this.values.literal(prop.value));
        return body;
    }
    /** doc, module blocks: source, version and providers are literal; the inputs expressions. */
    module(props) {
        const body = emptyBody();
        for (const prop of props) {
            if (['source', 'version', 'providers'].includes(prop.name))
                this.set(body, prop, this.values.literal(prop.value));
            else if (prop.name === 'depends_on')
                this.set(body, prop, this.values.references(prop.value));
            else
                this.set(body, prop, this.values.expr(prop.value));
        }
        return body;
    }
    /**
     * A resource or data body, or a nested block's: without the provider's schema, a property
     * given as an object or an array of objects is kept both as an attribute and as nested blocks
     * (Body.either), and the reader's question decides, as HCL decodes JSON against a schema.
     */
    resource(props) {
        const body = emptyBody();
        const either = new Set();
        for (const prop of props) {
            const value = prop.value;
            const meta = META_BLOCKS[prop.name];
            if (meta !== undefined) {
                const make = prop.name === 'dynamic'
                    ? (p) => this.dynamic(p)
                    : (p) => this.resource(p);
                body.blocks.push(...this.blocks(prop.name, value, meta, make, prop.line));
                continue;
            }
            if (REFERENCE.has(prop.name)) {
                this.set(body, prop, this.values.references(value));
                continue;
            }
            const blockShaped = isObject(value) ||
                (value.kind === 'array' && value.items.length > 0 && value.items.every(isObject));
            if (blockShaped && !ALWAYS_ATTRIBUTE.has(prop.name)) {
                either.add(prop.name);
                body.blocks.push(...this.blocks(prop.name, value, 0, p => this.resource(p), prop.line));
            }
            this.set(body, prop, this.values.expr(value));
        }
        if (either.size)
            body.either = either;
        return body;
    }
    /** `"dynamic": {"ebs": {"for_each": …, "iterator": "name", "content": {…}}}`. */
    dynamic(props) {
        const body = emptyBody();
        for (const prop of props) {
            if (prop.name === 'content')
                body.blocks.push(...this.blocks('content', prop.value, 0, p => this.resource(p), prop.line));
            else if (prop.name === 'iterator' && prop.value.kind === 'string')
                this.set(body, prop, this.values.parsed(prop.value.value, prop.value.line, 'expression'));
            else
                this.set(body, prop, this.values.expr(prop.value));
        }
        return body;
    }
}
/** Parses one `.tf.json` file. Problems come back with their line; the readable rest counts. */
async function parseTfJson(source, file) {
    await hclParser();
    let root;
    try {
        root = parseJsonText(source);
    }
    catch (error) {
        if (!(error instanceof JsonTextError))
            throw error;
        return {
            body: emptyBody(),
            error: new convert_HclSyntaxError(`not valid JSON: ${error.message}`, { file, line: error.line })
        };
    }
    const expressions = new JsonExpressions(file, root);
    const body = new JsonConverter(expressions).root(root);
    return { body, error: expressions.errors[0] };
}

;// CONCATENATED MODULE: ./src/terraform/config/declarations.ts

function addFile(config, body) {
    for (const block of body.blocks) {
        const [first, second] = block.labels;
        switch (block.type) {
            case 'variable':
                config.variables.set(first, {
                    name: first,
                    type: block.body.attributes.get('type')?.expr,
                    default: block.body.attributes.get('default')?.expr,
                    nullable: block.body.attributes.get('nullable')?.expr,
                    pos: block.pos
                });
                break;
            case 'locals':
                for (const [name, attribute] of block.body.attributes)
                    config.locals.set(name, attribute);
                break;
            case 'output': {
                const value = block.body.attributes.get('value');
                if (value)
                    config.outputs.set(first, value);
                break;
            }
            case 'resource':
                config.resources.set(`${first}.${second}`, declaration('managed', block));
                break;
            case 'data':
                config.resources.set(`data.${first}.${second}`, declaration('data', block));
                break;
            case 'module':
                config.modules.set(first, {
                    name: first,
                    ...moduleSource(block.body.attributes.get('source')?.expr),
                    version: literalString(block.body.attributes.get('version')?.expr),
                    body: block.body,
                    pos: block.pos
                });
                break;
        }
    }
}
function declaration(mode, block) {
    return { mode, type: block.labels[0], name: block.labels[1], body: block.body, pos: block.pos };
}
function emptyConfig(dir) {
    return {
        dir,
        files: [],
        variables: new Map(),
        locals: new Map(),
        outputs: new Map(),
        resources: new Map(),
        modules: new Map()
    };
}
function isLocalSource(source) {
    return source.startsWith('./') || source.startsWith('../');
}
/** A module call's source: the text when it is one, else the expression to evaluate early. */
function moduleSource(expr) {
    const text = literalString(expr);
    return text !== undefined || !expr ? { source: text ?? '' } : { source: '', sourceExpr: expr };
}

;// CONCATENATED MODULE: ./src/terraform/config/override.ts
/**
 * Override files (`override.tf`, `*_override.tf` and their `.tf.json` forms), merged into a
 * module's declarations after all its other files, as
 * https://developer.hashicorp.com/terraform/language/files/override defines: a top-level block
 * merges into the block with the same header; an argument replaces the argument of that name;
 * nested blocks of a type (or `dynamic` blocks of it) replace all the original's blocks of that
 * type; `lifecycle` merges argument by argument; `locals` merge value by value. An override
 * for something never declared is an error in Terraform, and a problem here.
 */


/** Terraform's rule for which files are overrides. */
function isOverrideFile(path) {
    // override.tofu, *_override.tofu(.json) too (opentofu.org/docs/language/files/override).
    return /^(?:.*_)?override\.(?:tf|tofu)(?:\.json)?$/.test((0,external_node_path_.basename)(path));
}
function literalString(expr) {
    if (!expr)
        return undefined;
    if (expr.kind === 'literal' && typeof expr.value === 'string')
        return expr.value;
    if (expr.kind === 'template' && expr.parts.every(p => typeof p === 'string'))
        return expr.parts.join('');
    return undefined;
}
const blockType = (block) => block.type === 'dynamic' ? (block.labels[0] ?? 'dynamic') : block.type;
/** One body merged into another: arguments replace, nested block types replace wholesale. */
function mergeBody(base, over, mergeLifecycle = false) {
    const attributes = new Map(base.attributes);
    for (const [name, attribute] of over.attributes)
        attributes.set(name, attribute);
    const replaced = new Set(over.blocks.map(blockType));
    // A JSON property read as blocks in the base is replaced by the override's blocks too.
    for (const name of replaced)
        if (base.either?.has(name) && !over.attributes.has(name))
            attributes.delete(name);
    const kept = base.blocks.filter(b => !replaced.has(blockType(b)));
    let added = over.blocks;
    if (mergeLifecycle) {
        const baseLifecycle = base.blocks.find(b => b.type === 'lifecycle');
        const overLifecycle = over.blocks.find(b => b.type === 'lifecycle');
        if (baseLifecycle && overLifecycle)
            added = added.map(b => b === overLifecycle ? { ...b, body: mergeBody(baseLifecycle.body, b.body) } : b);
    }
    const either = new Set([
        ...[...(base.either ?? [])].filter(n => !replaced.has(n) || over.either?.has(n)),
        ...(over.either ?? [])
    ]);
    const body = { attributes, blocks: [...kept, ...added] };
    if (either.size)
        body.either = either;
    return body;
}
/** Merges one override file's blocks into the module's declarations. */
function applyOverride(config, body, report) {
    for (const block of body.blocks) {
        const [first, second] = block.labels;
        const missing = (what) => report(`there is no ${what} to override (the override file declares it)`, block.pos);
        switch (block.type) {
            case 'variable': {
                const decl = config.variables.get(first);
                if (!decl) {
                    missing(`variable "${first}"`);
                    break;
                }
                const type = block.body.attributes.get('type')?.expr;
                const value = block.body.attributes.get('default')?.expr;
                const nullable = block.body.attributes.get('nullable')?.expr;
                config.variables.set(first, {
                    ...decl,
                    type: type ?? decl.type,
                    default: value ?? decl.default,
                    nullable: nullable ?? decl.nullable
                });
                break;
            }
            case 'locals':
                for (const [name, attribute] of block.body.attributes) {
                    if (!config.locals.has(name))
                        report(`there is no local.${name} to override`, attribute.pos);
                    else
                        config.locals.set(name, attribute);
                }
                break;
            case 'output': {
                const value = block.body.attributes.get('value');
                if (!config.outputs.has(first))
                    missing(`output "${first}"`);
                else if (value)
                    config.outputs.set(first, value);
                break;
            }
            case 'resource':
            case 'data': {
                const key = block.type === 'data' ? `data.${first}.${second}` : `${first}.${second}`;
                const decl = config.resources.get(key);
                if (!decl)
                    missing(`${block.type} "${first}" "${second}"`);
                else
                    config.resources.set(key, { ...decl, body: mergeBody(decl.body, block.body, true) });
                break;
            }
            case 'module': {
                const decl = config.modules.get(first);
                if (!decl) {
                    missing(`module "${first}"`);
                    break;
                }
                const merged = mergeBody(decl.body, block.body);
                config.modules.set(first, {
                    ...decl,
                    body: merged,
                    ...(merged.attributes.has('source')
                        ? moduleSource(merged.attributes.get('source')?.expr)
                        : { source: decl.source, sourceExpr: decl.sourceExpr }),
                    version: literalString(merged.attributes.get('version')?.expr)
                });
                break;
            }
        }
    }
}

;// CONCATENATED MODULE: ./src/terraform/config/workspace.ts
/**
 * The sandbox of check: what a pull request controls is read only from inside the workspace, a
 * bounded number of bytes at a time, and never past the run's deadline.
 *
 * `check` runs on pull requests from forks, so every path it opens was written by a stranger: a
 * `.tf` or `.tfvars` symlinked to `/etc/passwd` or `/dev/zero`, a `file("/proc/self/environ")`, a
 * module source `../../..`, a FIFO that blocks whoever opens it. Each path is resolved to its real
 * path (symlinks followed by the kernel, `fs.realpath`) and refused unless that lies under the
 * workspace; only regular files are read, opened non-blocking, and never more than the per-file
 * cap. A refusal names the path the configuration wrote, never what is at its target.
 */


const MiB = 1024 * 1024;
const LIMITS = {
    fileBytes: 2 * MiB,
    totalBytes: 32 * MiB,
    files: 10_000,
    globDepth: 24
};
/** The run passed timeout-minutes: check stops between two files or two evaluation steps. */
class CheckTimeout extends Error {
    minutes;
    constructor(minutes) {
        super(`check stopped at timeout-minutes (${minutes}): the configuration was not fully read or evaluated. Narrow terraform-paths or raise timeout-minutes.`);
        this.minutes = minutes;
    }
}
function isRefusal(value) {
    return typeof value === 'object' && value !== null && 'refused' in value;
}
function realOrUndefined(path) {
    try {
        return (0,external_node_fs_.realpathSync)(path);
    }
    catch {
        return undefined;
    }
}
class Workspace {
    limits;
    /** Bytes read so far (all files). */
    bytesRead = 0;
    /** The first cap that stopped reading, said once in the report. */
    capHit;
    root;
    deadline;
    constructor(root, limits = LIMITS, options = {}) {
        this.limits = limits;
        this.root = realOrUndefined(root) ?? (0,external_node_path_.resolve)(root);
        this.now = options.now ?? Date.now;
        this.timeoutMs = options.timeoutMs;
        this.deadline = options.timeoutMs === undefined ? undefined : this.now() + options.timeoutMs;
    }
    now;
    timeoutMs;
    /** Throws CheckTimeout once the deadline has passed. Called between files and evaluation steps. */
    checkDeadline() {
        if (this.deadline !== undefined && this.now() > this.deadline)
            throw new CheckTimeout(Math.round(((this.timeoutMs ?? 0) / 60_000) * 100) / 100);
    }
    /** Whether a real path lies under the workspace (the workspace itself included). */
    contains(real) {
        const rel = (0,external_node_path_.relative)(this.root, real);
        return rel === '' || (!rel.startsWith(`..${external_node_path_.sep}`) && rel !== '..' && !(0,external_node_path_.isAbsolute)(rel));
    }
    /** How to name a path in a message: relative to the workspace when it is under it. */
    shown(path) {
        const rel = (0,external_node_path_.relative)(this.root, (0,external_node_path_.resolve)(path));
        return rel && !rel.startsWith('..') && !(0,external_node_path_.isAbsolute)(rel) ? rel : path;
    }
    /**
     * The real path of a directory or file under the workspace, or why not. A path that does not
     * exist is `missing` (callers say so as they did before).
     */
    resolveInside(path) {
        const absolute = (0,external_node_path_.resolve)(this.root, path);
        const real = realOrUndefined(absolute);
        if (real === undefined)
            return { missing: true };
        if (!this.contains(real))
            return {
                refused: `${this.shown(absolute)} ${real === absolute ? 'is' : 'leads (through a symbolic link)'} outside the workspace: not read`
            };
        return { real };
    }
    /**
     * A file's text: under the workspace, a regular file, at most `fileBytes` bytes, within the
     * run's total. Synchronous: evaluation (file(), templatefile()) is synchronous.
     */
    read(path) {
        this.checkDeadline();
        const where = this.resolveInside(path);
        if (!('real' in where))
            return where;
        const shown = this.shown((0,external_node_path_.resolve)(this.root, path));
        let fd;
        try {
            // Non-blocking: a FIFO must not hang the run (it is refused below, as every non-file is).
            fd = (0,external_node_fs_.openSync)(where.real, external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_NONBLOCK);
        }
        catch {
            return { missing: true };
        }
        try {
            const info = (0,external_node_fs_.fstatSync)(fd);
            if (!info.isFile())
                return { refused: `${shown} is not a regular file: not read` };
            if (info.size > this.limits.fileBytes)
                return {
                    refused: `${shown} is ${mib(info.size)}, over the ${mib(this.limits.fileBytes)} a file may have: not read`
                };
            if (this.bytesRead + info.size > this.limits.totalBytes) {
                this.capHit ??= `the files read reached ${mib(this.limits.totalBytes)} in all`;
                return {
                    refused: `${shown} was not read: the files read so far reached the ${mib(this.limits.totalBytes)} check reads in one run`
                };
            }
            // Bounded read: never more than the cap, whatever the size said (a file still growing).
            const buffer = Buffer.alloc(Math.min(info.size, this.limits.fileBytes) + 1);
            let length = 0;
            while (length < buffer.length) {
                const n = (0,external_node_fs_.readSync)(fd, buffer, length, buffer.length - length, null);
                if (n === 0)
                    break;
                length += n;
            }
            if (length > this.limits.fileBytes)
                return {
                    refused: `${shown} is over the ${mib(this.limits.fileBytes)} a file may have: not read`
                };
            this.bytesRead += length;
            return { text: buffer.subarray(0, length).toString('utf8') };
        }
        finally {
            (0,external_node_fs_.closeSync)(fd);
        }
    }
    /** Whether a path is a directory under the workspace. */
    isDirectoryInside(path) {
        const where = this.resolveInside(path);
        if (!('real' in where))
            return false;
        try {
            return (0,external_node_fs_.statSync)(where.real).isDirectory();
        }
        catch {
            return false;
        }
    }
}
function mib(bytes) {
    return bytes >= MiB ? `${Math.round((bytes / MiB) * 10) / 10} MiB` : `${bytes} bytes`;
}

// EXTERNAL MODULE: ./node_modules/tinyglobby/dist/index.mjs + 1 modules
var dist = __webpack_require__(3382);
;// CONCATENATED MODULE: ./src/terraform/config/files.ts
/**
 * Which files make up a configuration: Terraform's and OpenTofu's extensions, OpenTofu's
 * precedence between them, and the folders and globs of terraform-paths expanded without
 * following a symbolic link out of the workspace.
 */




function display(cwd, path) {
    return (0,external_node_path_.relative)(cwd, path) || path;
}
/** Terraform's .tf / .tf.json, and OpenTofu's .tofu / .tofu.json (opentofu.org/docs/language/files). */
const isConfigFile = (f) => /\.(tf|tofu)(\.json)?$/.test(f);
/** A file in OpenTofu's own extensions: a configuration holding one is read as OpenTofu reads it. */
const isTofuFile = (f) => /\.tofu(\.json)?$/.test(f);
/**
 * OpenTofu's extension precedence: "When both .tf and .tofu files with the same base name are
 * present in a directory, OpenTofu will prioritize the .tofu file and ignore the .tf file"
 * (opentofu.org/docs/language/files, "Extension Precedence"; override files alike,
 * opentofu.org/docs/language/files/override). foo.tofu shadows foo.tf, foo.tofu.json shadows
 * foo.tf.json; foo.tf and foo.tofu.json both load. Terraform reads no .tofu file.
 */
function withoutShadowed(files) {
    const present = new Set(files);
    return files.filter(file => {
        const match = /^(.*)\.tf(\.json)?$/.exec(file);
        return !match || !present.has(`${match[1]}.tofu${match[2] ?? ''}`);
    });
}
/**
 * The configuration files under `dir`, down to `depth` folders, regular files and symbolic links
 * alike, following no link: a link that leads out of the workspace is refused by name when read,
 * never walked into (`root -> /`, `up -> ..`). Folders and files whose names start with a dot
 * (.terraform, .git) and node_modules are left out, as the glob leaves them out. A walk, not a
 * glob: a glob's pattern does not match every name a folder may have (a new line in it).
 */
function configFilesUnder(dir, depth, out = []) {
    let entries;
    try {
        entries = (0,external_node_fs_.readdirSync)(dir, { withFileTypes: true });
    }
    catch {
        return out;
    }
    for (const entry of entries) {
        if (entry.name.startsWith('.') || entry.name === 'node_modules')
            continue;
        const path = (0,external_node_path_.join)(dir, entry.name);
        if ((entry.isFile() || entry.isSymbolicLink()) && isConfigFile(entry.name))
            out.push(path);
        else if (entry.isDirectory() && depth > 1)
            configFilesUnder(path, depth - 1, out);
    }
    return out;
}
/** The regular files and symbolic links in one folder whose names pass `keep` (links not followed). */
function filesIn(dir, keep) {
    try {
        return (0,external_node_fs_.readdirSync)(dir, { withFileTypes: true })
            .filter(e => (e.isFile() || e.isSymbolicLink()) && !e.name.startsWith('.') && keep(e.name))
            .map(e => (0,external_node_path_.join)(dir, e.name))
            .sort();
    }
    catch {
        return [];
    }
}
/**
 * Expands folders and globs into .tf and .tf.json files (never in .terraform/ or node_modules/).
 * Globs never follow a symbolic link to a folder (`root -> /`, `up -> ..` would walk the runner's
 * disk or loop) and descend at most the workspace's glob depth; a symlinked file is listed, and
 * refused when read if it leads out of the workspace.
 */
async function findTfFiles(paths, cwd, workspace = new Workspace(cwd)) {
    const patterns = [];
    const walked = [];
    for (const raw of paths) {
        const absolute = (0,external_node_path_.isAbsolute)(raw) ? raw : (0,external_node_path_.resolve)(cwd, raw);
        const info = (0,external_node_fs_.existsSync)(absolute) ? (0,external_node_fs_.statSync)(absolute) : undefined;
        // A folder is walked only when it is in the workspace (terraform-paths: a link to / is not).
        if (info?.isDirectory()) {
            if (workspace.isDirectoryInside(absolute))
                configFilesUnder(absolute, workspace.limits.globDepth, walked);
        }
        else if (info?.isFile())
            walked.push(absolute);
        else if (/\.(tf|tofu)(\.json)?$/.test(raw))
            patterns.push(raw);
        else {
            // A glob of folders (envs/*): the configuration files in and under each one it matches.
            const base = raw.replace(/\/+$/, '');
            patterns.push(raw, `${base}/**/*.tf`, `${base}/**/*.tf.json`, `${base}/**/*.tofu`, `${base}/**/*.tofu.json`);
        }
    }
    const files = !patterns.length
        ? []
        : await (0,dist/* glob */.TI)(patterns, {
            cwd,
            absolute: true,
            ignore: ['**/.terraform/**', '**/node_modules/**'],
            dot: false,
            followSymbolicLinks: false,
            deep: workspace.limits.globDepth
        });
    return [...new Set([...files, ...walked])].filter(isConfigFile).sort();
}

;// CONCATENATED MODULE: ./src/terraform/config/load.ts
/**
 * Reading a configuration from disk the way `terraform` finds it: the .tf and .tf.json files of
 * each module directory (override files merged last), the module sources that `terraform init`
 * laid out (`.terraform/modules/modules.json`), and the variable files of a root module. With
 * files.ts, the only module here that touches the file system.
 */










/** Loads module directories (each once), parsing every .tf file in them. */
class ConfigLoader {
    cwd;
    workspace;
    configs = new Map();
    problems = [];
    manifests = new Map();
    /**
     * Configuration errors: files refused by the sandbox (outside the workspace, not a regular
     * file, over a cap) and module calls Terraform refuses (cycles). Each fails the check: what was
     * not read may hold a failing key.
     */
    errors = [];
    /** Whether a folder read holds an OpenTofu file (.tofu, .tofu.json): then OpenTofu is the reader. */
    tofu = false;
    constructor(cwd, workspace = new Workspace(cwd)) {
        this.cwd = cwd;
        this.workspace = workspace;
    }
    /** The text of a file under the workspace, or undefined with the refusal recorded. */
    readText(file, line, what = '') {
        const read = this.workspace.read(file);
        if ('text' in read)
            return read.text;
        this.errors.push({
            path: display(this.cwd, file),
            line,
            message: isRefusal(read)
                ? `${what}${read.refused}`
                : `${what}${display(this.cwd, file)} could not be read`
        });
        return undefined;
    }
    async loadFiles(files) {
        const byDir = new Map();
        for (const file of files)
            byDir.set((0,external_node_path_.dirname)(file), [...(byDir.get((0,external_node_path_.dirname)(file)) ?? []), file]);
        const loaded = [];
        for (const [dir, list] of byDir) {
            if (this.configs.has(dir))
                continue;
            const config = emptyConfig(dir);
            this.configs.set(dir, config);
            loaded.push(config);
            // The folder's own listing decides shadowing, whichever of its files terraform-paths named.
            const kept = new Set(withoutShadowed([...filesIn(dir, isConfigFile), ...list]));
            await this.addFiles(config, list.filter(f => kept.has(f)));
        }
        return loaded;
    }
    /**
     * A module directory's files: the others first, then the override files one by one in
     * lexical order of their names (Terraform: "Override Files").
     */
    async addFiles(config, files) {
        if (files.some(isTofuFile))
            this.tofu = true;
        const overrides = files
            .filter(isOverrideFile)
            .sort((a, b) => ((0,external_node_path_.basename)(a) < (0,external_node_path_.basename)(b) ? -1 : (0,external_node_path_.basename)(a) > (0,external_node_path_.basename)(b) ? 1 : 0));
        for (const file of files.filter(f => !isOverrideFile(f))) {
            const body = await this.parseFile(config, file);
            if (body)
                addFile(config, body);
        }
        for (const file of overrides) {
            const body = await this.parseFile(config, file);
            if (body)
                applyOverride(config, body, (message, pos) => this.problems.push({ path: pos.file, line: pos.line, message }));
        }
    }
    /** One file, by its syntax (.tf.json is JSON); a problem is recorded, the readable rest kept. */
    async parseFile(config, file) {
        const shown = display(this.cwd, file);
        const source = this.readText(file);
        if (source === undefined)
            return undefined;
        try {
            const { body, error } = file.endsWith('.json')
                ? await parseTfJson(source, shown)
                : await parseHcl(source, shown);
            if (error)
                this.problems.push({
                    path: shown,
                    line: error.pos.line,
                    message: error.message,
                    unread: true
                });
            config.files.push(shown);
            return body;
        }
        catch (error) {
            this.problems.push({
                path: shown,
                line: error instanceof convert_HclSyntaxError ? error.pos.line : undefined,
                // Said where, never what: a message that quotes the file could carry what it should not.
                message: error instanceof convert_HclSyntaxError ? error.message : 'the file could not be parsed',
                unread: true
            });
            return undefined;
        }
    }
    /** A module directory that was not under terraform-paths (a module source). */
    async loadDir(dir, call) {
        const known = this.configs.get(dir);
        if (known)
            return known;
        const where = this.workspace.resolveInside(dir);
        if (isRefusal(where)) {
            this.errors.push({
                path: call?.pos.file ?? display(this.cwd, dir),
                line: call?.pos.line,
                message: `the source of module ${call?.name ?? dir}: ${where.refused}`
            });
            return undefined;
        }
        if (!this.workspace.isDirectoryInside(dir))
            return undefined;
        this.workspace.checkDeadline();
        const files = withoutShadowed(filesIn(dir, isConfigFile));
        const config = emptyConfig(dir);
        this.configs.set(dir, config);
        await this.addFiles(config, files);
        return config;
    }
    manifest(root) {
        if (this.manifests.has(root))
            return this.manifests.get(root);
        let manifest;
        const path = (0,external_node_path_.join)(root, '.terraform', 'modules', 'modules.json');
        try {
            if (!(0,external_node_fs_.existsSync)(path))
                throw new Error('no manifest');
            const text = this.readText(path);
            if (text === undefined)
                throw new Error('refused');
            const json = JSON.parse(text);
            manifest = {
                root,
                entries: new Map((json.Modules ?? []).map(m => [
                    m.Key,
                    { source: m.Source, version: m.Version, dir: (0,external_node_path_.resolve)(root, m.Dir) }
                ]))
            };
        }
        catch {
            manifest = undefined;
        }
        this.manifests.set(root, manifest);
        return manifest;
    }
    /** Where a module call's source is: local paths directly, the rest through modules.json. */
    async resolveCall(root, key, parentDir, call) {
        const entry = this.manifest(root)?.entries.get(key);
        if (entry) {
            const config = await this.loadDir(entry.dir, call);
            if (config)
                return { config, dir: entry.dir };
        }
        if (isLocalSource(call.source)) {
            const dir = (0,external_node_path_.resolve)(parentDir, call.source);
            return { config: await this.loadDir(dir, call), dir };
        }
        return {};
    }
    /**
     * terraform.tfvars, terraform.tfvars.json, then *.auto.tfvars and *.auto.tfvars.json together
     * in lexical order of their names, then the var-files in order (Terraform: "Variable
     * Definition Precedence"; later files win).
     */
    async variableFiles(root, varFiles) {
        const found = filesIn(root, name => /^terraform\.tfvars(\.json)?$/.test(name) || /\.auto\.tfvars(\.json)?$/.test(name));
        const rank = (p) => ['terraform.tfvars', 'terraform.tfvars.json', (0,external_node_path_.basename)(p)].indexOf((0,external_node_path_.basename)(p));
        const auto = found.sort((a, b) => {
            const [x, y] = [(0,external_node_path_.basename)(a), (0,external_node_path_.basename)(b)];
            return rank(a) - rank(b) || (x < y ? -1 : x > y ? 1 : 0);
        });
        return [...auto, ...varFiles.map(f => ((0,external_node_path_.isAbsolute)(f) ? f : (0,external_node_path_.resolve)(this.cwd, f)))];
    }
}

;// CONCATENATED MODULE: ./src/terraform/eval/values.ts
class Unknown {
    causes;
    parts;
    ref;
    candidates;
    constructor(causes, 
    /** Known text between holes: a string with holes, when that is all that is unknown. */
    parts, ref, 
    /** Values it may be (the branches of a conditional whose condition is unknown). */
    candidates = []) {
        this.causes = causes;
        this.parts = parts;
        this.ref = ref;
        this.candidates = candidates;
    }
    /** `"ec2.${?}.amazonaws.com"`-style text, for messages. */
    text() {
        return this.parts ? this.parts.join('${…}') : '${…}';
    }
}
/** A JSON document (jsonencode, a policy document's json) that holds unknown parts. */
class JsonDoc {
    value;
    constructor(value) {
        this.value = value;
    }
}
/** An object whose attributes are computed on demand (resource instances, module outputs). */
class LazyObject {
    force(pos) {
        return Object.fromEntries(this.keys().map(k => [k, this.get(k, pos)]));
    }
}
class EvalError extends Error {
    pos;
    constructor(message, pos) {
        super(message);
        this.pos = pos;
    }
}
function values_isObject(value) {
    return (value !== null &&
        typeof value === 'object' &&
        !Array.isArray(value) &&
        !(value instanceof Unknown) &&
        !(value instanceof JsonDoc) &&
        !(value instanceof LazyObject));
}
/** Every unknown inside a value (deep), for merging their causes. */
function unknownsIn(value, found = [], depth = 0) {
    if (depth > 50)
        return found;
    if (value instanceof Unknown)
        found.push(value);
    else if (value instanceof JsonDoc)
        unknownsIn(value.value, found, depth + 1);
    else if (Array.isArray(value))
        for (const v of value)
            unknownsIn(v, found, depth + 1);
    else if (values_isObject(value))
        for (const v of Object.values(value))
            unknownsIn(v, found, depth + 1);
    return found;
}
function mergeCauses(unknowns) {
    const seen = new Set();
    const causes = [];
    for (const u of unknowns)
        for (const c of u.causes) {
            const id = `${c.what}|${c.pos?.file}:${c.pos?.line}`;
            if (seen.has(id))
                continue;
            seen.add(id);
            causes.push(c);
        }
    return causes;
}
/** An unknown result that inherits the causes of the unknowns it was computed from. */
function unknownFrom(...values) {
    const unknowns = values.flatMap(v => unknownsIn(v));
    return new Unknown(mergeCauses(unknowns));
}
function hasUnknown(value) {
    return unknownsIn(value).length > 0;
}
/** Resolves lazy objects (deeply) so the value is plain data with unknowns. */
function forceDeep(value, pos, depth = 0) {
    if (depth > 30)
        return value;
    if (value instanceof LazyObject)
        return forceDeep(value.force(pos), pos, depth + 1);
    if (Array.isArray(value))
        return value.map(v => forceDeep(v, pos, depth + 1));
    if (values_isObject(value)) {
        const copy = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, forceDeep(v, pos, depth + 1)]));
        const at = positions.get(value);
        if (at)
            positions.set(copy, at);
        return copy;
    }
    return value;
}
/** Where object constructors were written: a policy statement keeps its file and line. */
const positions = new WeakMap();
/** A type's name with its article, for messages: "a list", "an object". */
function aTypeName(value) {
    const name = typeName(value);
    return `${/^[aeiou]/.test(name) ? 'an' : 'a'} ${name}`;
}
/**
 * The number a string holds when Terraform converts it: a decimal representation only, so
 * `"0x10"`, `" 1"` and `""` are not numbers (developer.hashicorp.com/terraform/language/functions/
 * tonumber: "strings containing decimal representations of numbers").
 */
function numberFromText(text) {
    return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text) ? Number(text) : undefined;
}
function typeName(value) {
    if (value === null)
        return 'null';
    if (Array.isArray(value))
        return 'list';
    if (value instanceof Unknown)
        return 'unknown';
    if (value instanceof JsonDoc)
        return 'string';
    // Terraform's names for the primitive types: string, number, bool.
    return typeof value === 'boolean' ? 'bool' : typeof value;
}
/**
 * What is not known about a value used as text: an unknown, or a JSON document with unknown parts
 * (jsonencode of an unknown is a string whose text is not known yet).
 */
function unknownText(value) {
    if (value instanceof Unknown)
        return value;
    if (value instanceof JsonDoc && hasUnknown(value))
        return unknownFrom(value);
    return undefined;
}
/** Terraform's automatic conversion to string (numbers and bools convert; others do not). */
function toStringValue(value, pos) {
    if (typeof value === 'string')
        return value;
    if (typeof value === 'number' || typeof value === 'boolean')
        return String(value);
    if (value instanceof JsonDoc) {
        if (hasUnknown(value))
            throw new EvalError('a JSON document with unknown parts', pos);
        try {
            return JSON.stringify(value.value);
        }
        catch (error) {
            // A document nested some thousands deep (jsondecode of hostile text) exhausts the stack.
            if (error instanceof RangeError)
                throw new EvalError('a JSON document nested too deep', pos);
            throw error;
        }
    }
    throw new EvalError(`${aTypeName(value)} value cannot be used as a string`, pos);
}
function truthy(value, pos) {
    if (value === true || value === 'true')
        return true;
    if (value === false || value === 'false')
        return false;
    throw new EvalError(`${aTypeName(value)} value cannot be used as a condition`, pos);
}

;// CONCATENATED MODULE: ./src/terraform/eval/fn-args.ts

function list(value, pos) {
    if (Array.isArray(value))
        return value;
    throw new EvalError(`expected a list, got ${typeName(value)}`, pos);
}
function object(value, pos) {
    if (value instanceof LazyObject)
        return value.force(pos);
    if (values_isObject(value))
        return value;
    throw new EvalError(`expected a map or object, got ${typeName(value)}`, pos);
}
/** Sets of strings or of numbers are in Terraform's order: lexical, or numeric. */
function setOrder(items) {
    if (items.every(v => typeof v === 'string'))
        return [...items].sort();
    if (items.every(v => typeof v === 'number'))
        return [...items].sort((a, b) => a - b);
    return items;
}
function str(value, pos) {
    if (value === null)
        throw new EvalError('a null value where a string is needed', pos);
    return toStringValue(value, pos);
}

;// CONCATENATED MODULE: ./src/terraform/eval/graphemes.ts
/**
 * Terraform counts "characters" as user-perceived ones, grapheme clusters (length("👾🕹️") is 2:
 * developer.hashicorp.com/terraform/language/functions/length), not code points or UTF-16 units.
 */
const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
function graphemes(text) {
    return Array.from(segmenter.segment(text), s => s.segment);
}

;// CONCATENATED MODULE: ./src/terraform/eval/fn-collections.ts
/** Terraform's collection and numeric functions: lists, maps, sets and ranges. */



const COLLECTION_FUNCTIONS = {
    length: ([v], pos) => {
        if (typeof v === 'string')
            return graphemes(v).length;
        if (Array.isArray(v))
            return v.length;
        return Object.keys(object(v, pos)).length;
    },
    concat: (args, pos) => args.flatMap(a => list(a, pos)),
    merge: (args, pos) => Object.assign({}, ...args.filter(a => a !== null).map(a => object(a, pos))),
    flatten: ([v], pos) => {
        const flat = (x) => (Array.isArray(x) ? x.flatMap(flat) : [x]);
        return list(v, pos).flatMap(flat);
    },
    element: ([l, i], pos) => {
        const items = list(l, pos);
        if (items.length === 0)
            throw new EvalError('element() of an empty list', pos);
        // Wraps around both ways: a negative index counts from the end, element(["a", "b", "c"], -1)
        // is "c" (developer.hashicorp.com/terraform/language/functions/element; Terraform 1.8 on).
        const n = Math.trunc(Number(i));
        return items[((n % items.length) + items.length) % items.length];
    },
    keys: ([v], pos) => Object.keys(object(v, pos)).sort(),
    values: ([v], pos) => {
        const o = object(v, pos);
        return Object.keys(o)
            .sort()
            .map(k => o[k]);
    },
    // Found is true; not found among elements some of which are unknown is unknown (cty's contains).
    contains: ([l, v], pos) => {
        const items = list(l, pos);
        if (items.some(item => JSON.stringify(item) === JSON.stringify(v)))
            return true;
        return items.some(hasUnknown) || hasUnknown(v) ? unknownFrom(...items, v) : false;
    },
    distinct: ([l], pos) => {
        const seen = new Map();
        for (const item of list(l, pos))
            if (!seen.has(JSON.stringify(item)))
                seen.set(JSON.stringify(item), item);
        return [...seen.values()];
    },
    compact: ([l], pos) => list(l, pos).filter(v => v !== null && v !== ''),
    range: (args, pos) => {
        // The step defaults to 1, or to -1 when the limit is below the start.
        const [start, end] = args.length === 1 ? [0, Number(args[0])] : [Number(args[0]), Number(args[1])];
        const step = args.length > 2 ? Number(args[2]) : end < start ? -1 : 1;
        if (!step)
            throw new EvalError('range() step of zero', pos);
        const out = [];
        for (let i = start; step > 0 ? i < end : i > end; i += step) {
            out.push(i);
            if (out.length > 1024)
                throw new EvalError('range() is too long', pos);
        }
        return out;
    },
    max: args => Math.max(...args.map(Number)),
    min: args => Math.min(...args.map(Number)),
    zipmap: ([k, v], pos) => {
        const ks = list(k, pos);
        const vs = list(v, pos);
        return Object.fromEntries(ks.map((key, i) => [str(key, pos), vs[i]]));
    },
    reverse: ([l], pos) => [...list(l, pos)].reverse(),
    sort: ([l], pos) => {
        const items = list(l, pos);
        if (items.some(hasUnknown))
            return unknownFrom(...items);
        return items.map(v => str(v, pos)).sort();
    },
    slice: ([l, a, b], pos) => list(l, pos).slice(Number(a), Number(b)),
    setunion: (args, pos) => setOrder(COLLECTION_FUNCTIONS.distinct([args.flatMap(a => list(a, pos))], pos, undefined))
};

;// CONCATENATED MODULE: ./src/terraform/eval/fn-convert.ts
/** Terraform's type conversion functions; null converts to null. */


const CONVERSION_FUNCTIONS = {
    tostring: ([v], pos) => (v === null ? null : str(v, pos)),
    tonumber: ([v], pos) => {
        if (v === null)
            return null;
        const n = Number(v);
        if (Number.isNaN(n))
            throw new EvalError(`cannot convert ${JSON.stringify(v)} to a number`, pos);
        return n;
    },
    tobool: ([v], pos) => {
        if (v === null || typeof v === 'boolean')
            return v;
        if (v === 'true' || v === 'false')
            return v === 'true';
        throw new EvalError('cannot convert to bool', pos);
    },
    tolist: ([v], pos) => (v === null ? null : [...list(v, pos)]),
    toset: ([v], pos) => {
        if (v === null)
            return null;
        const seen = new Map();
        for (const item of list(v, pos))
            seen.set(JSON.stringify(item), item);
        return setOrder([...seen.values()]);
    },
    tomap: ([v], pos) => (v === null ? null : { ...object(v, pos) })
};

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var yaml_dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./src/terraform/eval/fn-encoding.ts
/** Terraform's encoding, hashing, time and path functions. */




const YAML_STYLE = {
    defaultStringType: 'QUOTE_DOUBLE',
    defaultKeyType: 'QUOTE_DOUBLE',
    sortMapEntries: true,
    indentSeq: false,
    lineWidth: 0
};
/**
 * Go's filepath.Base and Dir, which Terraform's basename and dirname call (pkg.go.dev/path/filepath:
 * trailing separators are removed before taking the last element; an empty path is "."): unlike
 * Node's, basename("") is "." and dirname("a/b/") is "a/b".
 */
function goBase(path) {
    if (path === '')
        return '.';
    const trimmed = path.replace(/\/+$/, '');
    return trimmed === '' ? '/' : trimmed.slice(trimmed.lastIndexOf('/') + 1);
}
function goDir(path) {
    const cleaned = external_node_path_.posix.normalize(path.slice(0, path.lastIndexOf('/') + 1));
    return cleaned.length > 1 ? cleaned.replace(/\/$/, '') : cleaned;
}
/**
 * base64decode (developer.hashicorp.com/terraform/language/functions/base64decode): RFC 4648's
 * standard alphabet, padded, as Go's StdEncoding reads it (line breaks skipped); bytes that are
 * not UTF-8 are an error, not replacement characters. The messages never quote the text.
 */
function base64Decode(text, pos) {
    const compact = text.replace(/[\r\n]/g, '');
    if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact))
        throw new EvalError('base64decode() of a text that is not valid Base64', pos);
    try {
        const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
        return utf8.decode(Buffer.from(compact, 'base64'));
    }
    catch {
        throw new EvalError('base64decode() of bytes that are not valid UTF-8', pos);
    }
}
const ENCODING_FUNCTIONS = {
    jsondecode: ([s], pos) => {
        try {
            return JSON.parse(str(s, pos));
        }
        catch {
            // Node's message quotes the text; the text may be a file's: say where, not what.
            throw new EvalError('jsondecode() of a text that is not valid JSON', pos);
        }
    },
    // Terraform's YAML 1.2 (developer.hashicorp.com/terraform/language/functions/yamlencode): keys
    // and strings double-quoted, maps sorted, block style; a lone null, bool or number ends the
    // document with "...".
    yamlencode: ([v], pos) => {
        const value = forceDeep(v, pos);
        const text = (0,yaml_dist/* stringify */.As)(value, YAML_STYLE);
        return value === null || typeof value !== 'object'
            ? typeof value === 'string'
                ? text
                : `${text}...\n`
            : text;
    },
    base64encode: ([s], pos) => Buffer.from(str(s, pos)).toString('base64'),
    base64decode: ([s], pos) => base64Decode(str(s, pos), pos),
    abspath: ([s], pos) => str(s, pos),
    basename: ([s], pos) => goBase(str(s, pos)),
    dirname: ([s], pos) => goDir(str(s, pos)),
    sha1: () => new Unknown([]),
    timestamp: () => new Unknown([])
};

;// CONCATENATED MODULE: ./src/terraform/eval/fn-lazy.ts
/**
 * The functions that look at their arguments one by one (try, can, coalesce, lookup) or carry
 * unknowns through, and those that read files from the workspace.
 */





/**
 * A file's text for file() and templatefile(). A path the sandbox refuses (outside the
 * workspace: `/proc/self/environ`, `../../..`, a symbolic link out; or over a cap) is an unknown
 * value with the reason, so what depends on it is a cannot-tell, never the file's content.
 */
function readRelative(scope, fn, path, pos) {
    const text = scope.readFile(path);
    if (text === undefined)
        throw new EvalError(`the file ${path} is not here`, pos);
    if (typeof text === 'string')
        return text;
    return new Unknown([
        {
            what: `${fn}(${JSON.stringify(path)})`,
            pos,
            how: /outside the workspace/.test(text.refused)
                ? `it reads outside the workspace, which check never does (${text.refused}); keep the file in the repository`
                : `check does not read it: ${text.refused}`
        }
    ]);
}
/** Functions that look at their arguments one by one, or that carry unknowns through. */
const LAZY_FUNCTIONS = {
    try: (args, pos, scope) => {
        if (args.length === 0)
            throw new EvalError('try() needs at least one argument', pos);
        let last;
        for (const arg of args) {
            try {
                return evaluate(arg, scope);
            }
            catch (error) {
                if (!(error instanceof EvalError))
                    throw error;
                last = error;
            }
        }
        throw new EvalError(`no argument of try() could be evaluated: ${last.message}`, pos);
    },
    can: (args, _pos, scope) => {
        try {
            const value = evaluate(args[0], scope);
            return value instanceof Unknown ? unknownFrom(value) : true;
        }
        catch (error) {
            if (!(error instanceof EvalError))
                throw error;
            return false;
        }
    },
    coalesce: (args, pos, scope) => {
        for (const arg of args) {
            const value = evaluate(arg, scope);
            if (value instanceof Unknown) {
                // A resource attribute or a partly known string is never null or empty.
                if (value.ref || value.parts?.some(p => p.length > 0))
                    return value;
                return unknownFrom(value);
            }
            if (value !== null && value !== '')
                return value;
        }
        throw new EvalError('no non-null, non-empty argument to coalesce()', pos);
    },
    lookup: (args, pos, scope) => {
        const [map, key, fallback] = args.map(a => evaluate(a, scope));
        if (key instanceof Unknown)
            return unknownFrom(key);
        if (map instanceof Unknown)
            return unknownFrom(map);
        const name = str(key, pos);
        if (map instanceof LazyObject) {
            if (map.keys().includes(name))
                return map.get(name, pos);
        }
        else if (values_isObject(map) && name in map)
            return map[name];
        else if (!values_isObject(map))
            throw new EvalError(`lookup() needs a map, got ${typeName(map)}`, pos);
        if (args.length < 3)
            throw new EvalError(`the map has no key "${name}"`, pos);
        return fallback;
    },
    jsonencode: (args, pos, scope) => jsonEncode(evaluate(args[0], scope), pos),
    file: (args, pos, scope) => {
        const path = evaluate(args[0], scope);
        if (path instanceof Unknown)
            return unknownFrom(path);
        return readRelative(scope, 'file', str(path, pos), pos);
    },
    // Its own base64, so filebase64 outside the workspace is unknown with the same reason.
    filebase64: (args, pos, scope) => {
        const path = evaluate(args[0], scope);
        if (path instanceof Unknown)
            return unknownFrom(path);
        const text = readRelative(scope, 'filebase64', str(path, pos), pos);
        return text instanceof Unknown ? text : Buffer.from(text).toString('base64');
    },
    templatefile: (args, pos, scope) => {
        const path = evaluate(args[0], scope);
        const vars = args[1] ? evaluate(args[1], scope) : {};
        if (path instanceof Unknown)
            return unknownFrom(path);
        const file = str(path, pos);
        const text = readRelative(scope, 'templatefile', file, pos);
        if (text instanceof Unknown)
            return text;
        const template = scope.parseTemplate(text, file);
        const names = vars instanceof Unknown ? {} : object(vars, pos);
        const inner = {
            root: (name, at) => {
                if (name in names)
                    return names[name];
                if (vars instanceof Unknown)
                    return unknownFrom(vars);
                throw new EvalError(`the template ${file} uses "${name}", which is not passed to it`, at);
            },
            readFile: p => scope.readFile((0,external_node_path_.isAbsolute)(p) ? p : (0,external_node_path_.join)((0,external_node_path_.dirname)(file), p)),
            parseTemplate: (t, f) => scope.parseTemplate(t, f)
        };
        return evaluate(template, withNames(inner, {}));
    },
    element: (args, pos, scope) => {
        const [l, i] = args.map(a => evaluate(a, scope));
        if (i instanceof Unknown || l instanceof Unknown)
            return unknownFrom(l, i);
        return COLLECTION_FUNCTIONS.element([l, i], pos, scope);
    },
    one: (args, pos, scope) => {
        const l = evaluate(args[0], scope);
        if (l instanceof Unknown)
            return l;
        const items = list(l, pos);
        if (items.length > 1)
            throw new EvalError('one() of a list with more than one element', pos);
        return items[0] ?? null;
    }
};

// EXTERNAL MODULE: ./node_modules/re2js/build/index.js
var build = __webpack_require__(2856);
;// CONCATENATED MODULE: ./src/terraform/eval/regex.ts
/**
 * Terraform's regular expressions: `regex`, `regexall` and `replace` with a `/…/` pattern use Go's
 * RE2 syntax, which matches in time linear in the input and has no backreferences or lookaround
 * (https://developer.hashicorp.com/terraform/language/functions/regex: "the regular expression
 * syntax … is that of RE2"; https://github.com/google/re2/wiki/Syntax). JavaScript's own engine
 * backtracks: `^(a+)+$` on thirty characters runs for minutes. So patterns here run on re2js, a
 * JavaScript port of RE2 (no native code), and a pattern RE2 refuses is an error naming it, as
 * Terraform's is.
 */


const compiled = new Map();
/** A pattern compiled by RE2, or an error that names it. */
function compileRe2(pattern, pos) {
    const known = compiled.get(pattern);
    if (known)
        return known;
    try {
        const re = build/* RE2JS */.L3.compile(pattern);
        if (compiled.size > 256)
            compiled.clear();
        compiled.set(pattern, re);
        return re;
    }
    catch (error) {
        const why = error.message.replace(/^error parsing regexp: /, '');
        throw new EvalError(`invalid regular expression ${JSON.stringify(pattern)}: ${why} (Terraform's patterns are RE2: no backreferences, no lookahead or lookbehind)`, pos);
    }
}
/**
 * Code units of the character at `at` (an empty match advances by one character); one past the
 * end, which ends the search.
 */
function charLength(text, at) {
    const code = text.charCodeAt(at);
    return code >= 0xd800 && code <= 0xdbff && at + 1 < text.length ? 2 : 1;
}
/**
 * Every match, left to right, as Go's FindAll reports them: an empty match right after the
 * previous match is not one (pkg.go.dev/regexp: "If 'All' is present … empty matches abutting a
 * preceding match are ignored"). At most `limit` matches.
 */
function allMatches(re, text, limit = Infinity) {
    const matcher = re.matcher(text);
    const groups = re.groupCount();
    const out = [];
    let from = 0;
    let previousEnd = -1;
    while (from <= text.length && out.length < limit) {
        if (!matcher.find(from))
            break;
        const start = matcher.start();
        const end = matcher.end();
        if (start === end && start === previousEnd) {
            from = start + charLength(text, start);
            continue;
        }
        out.push({
            start,
            end,
            groups: Array.from({ length: groups }, (_, i) => matcher.group(i + 1))
        });
        previousEnd = end;
        from = end > start ? end : end + charLength(text, end);
    }
    return out;
}
/** One match as Terraform's regex() returns it: the text, a list of groups, or a map of names. */
function result(re, text, match, pos) {
    const count = match.groups.length;
    if (count === 0)
        return text.slice(match.start, match.end);
    const named = re.namedGroups();
    const names = Object.keys(named);
    if (names.length === 0)
        return match.groups;
    if (names.length !== count)
        throw new EvalError('a regex() pattern cannot mix named and unnamed capture groups', pos);
    return Object.fromEntries(names.map(name => [name, match.groups[named[name] - 1]]));
}
/** regex(pattern, string): the first match; no match is an error, as in Terraform. */
function regexFirst(pattern, text, pos) {
    const re = compileRe2(pattern, pos);
    const [match] = allMatches(re, text, 1);
    if (!match)
        throw new EvalError(`regex() found no match for ${JSON.stringify(pattern)}`, pos);
    return result(re, text, match, pos);
}
/** regexall(pattern, string): every match, each as regex() would return it. */
function regexAll(pattern, text, pos) {
    const re = compileRe2(pattern, pos);
    return allMatches(re, text).map(m => result(re, text, m, pos));
}
/**
 * A replacement as Go's Regexp.Expand reads it (Terraform's replace() uses ReplaceAllString):
 * `$1`, `${1}`, `$name`, `${name}`, the name as long as possible (`$1x` is `${1x}`), an unknown
 * group empty, `$$` a dollar.
 */
function expand(template, re, text, match) {
    const named = re.namedGroups();
    const group = (name) => {
        const index = /^\d+$/.test(name) ? Number(name) : named[name];
        if (index === undefined)
            return '';
        if (index === 0)
            return text.slice(match.start, match.end);
        return match.groups[index - 1] ?? '';
    };
    return template.replace(/\$(?:\$|\{(\w+)\}|(\w+))/g, (whole, braced, bare) => whole === '$$' ? '$' : group(braced ?? bare ?? ''));
}
/** replace(string, "/pattern/", replacement): every match replaced, `$n` expanded. */
function replaceAll(text, pattern, replacement, pos) {
    const re = compileRe2(pattern, pos);
    let out = '';
    let last = 0;
    for (const match of allMatches(re, text)) {
        out += text.slice(last, match.start) + expand(replacement, re, text, match);
        last = match.end;
    }
    return out + text.slice(last);
}

;// CONCATENATED MODULE: ./src/terraform/eval/fn-format.ts



const VERB = /%(?:%|([-+ #0]*)(\d+)?(?:\.(\d+))?(?:\[(\d+)\])?([a-zA-Z]))/g;
function number(value, spec, pos) {
    const n = typeof value === 'string' ? numberFromText(value) : value;
    if (typeof n !== 'number' || Number.isNaN(n))
        throw new EvalError(`format: %${spec.verb} needs a number`, pos);
    return n;
}
function integer(value, spec, pos) {
    const n = number(value, spec, pos);
    if (!Number.isInteger(n))
        throw new EvalError(`format: %${spec.verb} needs a whole number, not ${n}`, pos);
    return n;
}
/** Go writes at least two exponent digits: 1.000000e+03. */
const goExponent = (text) => text.replace(/e([+-])(\d)$/, 'e$10$2');
/**
 * Go's %g, which Terraform's %g and a number's %v use (the format page's "Default Format Verbs";
 * cty formats a number's %v as big.Float's Text('g', -1), which printed 12345678 as
 * 1.2345678e+07 in github.com/hashicorp/terraform/issues/27438): the shortest digits, or
 * `precision` significant ones without trailing zeros, in %e form when the exponent is below -4
 * or at least the precision (6 for the shortest digits).
 */
function goG(n, precision) {
    const p = precision === 0 ? 1 : precision;
    const rounded = p === undefined ? n.toExponential() : n.toExponential(p - 1);
    const [mantissa, power] = rounded.split('e');
    const digits = mantissa.replace(/[-.]/g, '').replace(/0+$/, '');
    const exp = Number(power);
    const sign = n < 0 ? '-' : '';
    const point = exp + 1;
    if (exp < -4 || exp >= (p ?? 6)) {
        const fraction = digits.length > 1 ? `.${digits.slice(1)}` : '';
        return goExponent(`${sign}${digits[0]}${fraction}e${exp < 0 ? '-' : '+'}${Math.abs(exp)}`);
    }
    if (point <= 0)
        return `${sign}0.${'0'.repeat(-point)}${digits}`;
    if (point >= digits.length)
        return sign + digits + '0'.repeat(point - digits.length);
    return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}
/** For %s and %q a precision keeps that many characters of the text (cty's formatAppendString). */
function truncate(text, precision) {
    return precision ? graphemes(text).slice(0, precision).join('') : text;
}
function verb(value, spec, pos) {
    const { verb: v, precision } = spec;
    switch (v) {
        case 'v':
            // A null is "null" for %v and %#v, and an error for every other verb.
            if (spec.flags.includes('#'))
                return JSON.stringify(forceDeep(value, pos));
            if (typeof value === 'number')
                return goG(value, undefined);
            if (typeof value === 'string')
                return value;
            return JSON.stringify(forceDeep(value, pos));
        case 's':
            return truncate(str(value, pos), precision);
        case 'q':
            return JSON.stringify(truncate(str(value, pos), precision));
        case 't':
            if (typeof value === 'boolean')
                return String(value);
            if (value === 'true' || value === 'false')
                return value;
            throw new EvalError('format: %t needs a bool', pos);
        case 'd':
            return String(integer(value, spec, pos));
        case 'b':
            return integer(value, spec, pos).toString(2);
        case 'o':
            return integer(value, spec, pos).toString(8);
        case 'x':
        case 'X': {
            // Terraform converts to a number first: "%x" of "hello" is an error, not its bytes in hex.
            const text = integer(value, spec, pos).toString(16);
            return v === 'X' ? text.toUpperCase() : text;
        }
        case 'e':
        case 'E': {
            const text = goExponent(number(value, spec, pos).toExponential(precision ?? 6));
            return v === 'E' ? text.toUpperCase() : text;
        }
        case 'f':
            return number(value, spec, pos).toFixed(precision ?? 6);
        case 'g':
        case 'G': {
            const text = goG(number(value, spec, pos), precision);
            return v === 'G' ? text.toUpperCase() : text;
        }
    }
    throw new EvalError(`format: unsupported verb %${v}`, pos);
}
function pad(text, spec, numeric) {
    let out = text;
    if (numeric && !out.startsWith('-')) {
        if (spec.flags.includes('+'))
            out = `+${out}`;
        else if (spec.flags.includes(' '))
            out = ` ${out}`;
    }
    // Width counts characters as Terraform does, grapheme clusters.
    const missing = Math.max(0, (spec.width ?? 0) - graphemes(out).length);
    const zero = spec.flags.includes('0');
    if (numeric && spec.flags.includes('-'))
        return out + ' '.repeat(missing);
    if (numeric && zero) {
        const sign = /^[-+ ]/.test(out) ? out[0] : '';
        return sign + '0'.repeat(missing) + out.slice(sign.length);
    }
    // Text pads with zeros too when asked, on the right with `-` (cty's formatPadWidth).
    const fill = (zero ? '0' : ' ').repeat(missing);
    return spec.flags.includes('-') ? out + fill : fill + out;
}
function format(spec, args, pos) {
    let next = 0;
    // An argument past the highest one used is an error; one skipped by `%[n]` is not (cty's
    // format: "too many arguments; only n used by format string").
    let highest = 0;
    const out = spec.replace(VERB, (match, flags, width, precision, index, v) => {
        if (match === '%%')
            return '%';
        const at = index ? Number(index) - 1 : next;
        next = at + 1;
        // Terraform's argument indexes start at 1: %[0]s is not a verb it reads.
        if (at < 0)
            throw new EvalError(`format: ${JSON.stringify(match)} has no argument 0`, pos);
        if (at >= args.length)
            throw new EvalError(`format: not enough arguments for ${JSON.stringify(match)}`, pos);
        highest = Math.max(highest, next);
        const parsed = {
            flags: flags,
            width: width ? Number(width) : undefined,
            precision: precision ? Number(precision) : undefined,
            verb: v
        };
        return pad(verb(args[at], parsed, pos), parsed, 'dboxXeEfgG'.includes(parsed.verb));
    });
    if (highest < args.length)
        throw new EvalError(`format: too many arguments; only ${highest} used by the format string`, pos);
    return out;
}

;// CONCATENATED MODULE: ./src/terraform/eval/fn-strings.ts
/** Terraform's string functions (developer.hashicorp.com/terraform/language/functions). */





const STRING_FUNCTIONS = {
    // cty's format needs every value wholly known: a list or map with an unknown inside makes the
    // whole result unknown, never the text of the placeholder.
    format: ([f, ...rest], pos) => rest.some(hasUnknown) ? unknownFrom(...rest) : format(str(f, pos), rest, pos),
    replace: ([s, search, replacement], pos) => {
        const text = str(s, pos);
        const pattern = str(search, pos);
        const to = str(replacement, pos);
        // "/…/" is a pattern (RE2, linear time), anything else a plain substring.
        const regex = /^\/(.*)\/$/s.exec(pattern);
        if (regex)
            return replaceAll(text, regex[1], to, pos);
        return text.split(pattern).join(to);
    },
    // An element known only after apply makes the joined text unknown (cty's join), not an error.
    join: ([sep, ...lists], pos) => {
        const items = lists.flatMap(l => list(l, pos));
        if (items.some(hasUnknown))
            return unknownFrom(...items);
        return items.map(v => str(v, pos)).join(str(sep, pos));
    },
    split: ([sep, s], pos) => str(s, pos).split(str(sep, pos)),
    lower: ([s], pos) => str(s, pos).toLowerCase(),
    upper: ([s], pos) => str(s, pos).toUpperCase(),
    trimspace: ([s], pos) => str(s, pos).trim(),
    trimprefix: ([s, p], pos) => {
        const text = str(s, pos);
        const prefix = str(p, pos);
        return text.startsWith(prefix) ? text.slice(prefix.length) : text;
    },
    trimsuffix: ([s, p], pos) => {
        const text = str(s, pos);
        const suffix = str(p, pos);
        return suffix && text.endsWith(suffix) ? text.slice(0, -suffix.length) : text;
    },
    startswith: ([s, p], pos) => str(s, pos).startsWith(str(p, pos)),
    endswith: ([s, p], pos) => str(s, pos).endsWith(str(p, pos)),
    substr: ([s, o, l], pos) => {
        const chars = graphemes(str(s, pos));
        const offset = Number(o);
        const length = Number(l);
        return chars.slice(offset, length < 0 ? undefined : offset + length).join('');
    },
    regex: ([p, s], pos) => regexFirst(str(p, pos), str(s, pos), pos),
    regexall: ([p, s], pos) => regexAll(str(p, pos), str(s, pos), pos)
};

;// CONCATENATED MODULE: ./src/terraform/eval/functions.ts








/** Functions whose result is unknown as soon as any argument is (they need every value). */
const STRICT = {
    ...STRING_FUNCTIONS,
    ...COLLECTION_FUNCTIONS,
    ...CONVERSION_FUNCTIONS,
    ...ENCODING_FUNCTIONS
};
function providerFunction(expr, provider, name) {
    return new Unknown([
        {
            what: `${expr.name}()`,
            pos: expr.pos,
            how: `${name} is a function of the ${provider} provider, which check does not run; pass plan-json (terraform show -json) so Terraform computes it`
        }
    ]);
}
/** Evaluates a function call. */
function callFunction(expr, scope) {
    // `core::` names a built-in (Terraform "lang: Expose built-in functions under core::
    // namespace"); `provider::<local-name>::` a function the provider computes
    // (developer.hashicorp.com/terraform/language/functions, Terraform 1.8 and OpenTofu 1.7 on):
    // check runs no provider, so its result is unknown, whatever built-in shares its name.
    const provider = /^provider::([^:]+)::(.+)$/.exec(expr.name);
    if (provider)
        return providerFunction(expr, provider[1], provider[2]);
    const name = expr.name.replace(/^core::/, '');
    if (!expr.expand && name in LAZY_FUNCTIONS)
        return LAZY_FUNCTIONS[name](expr.args, expr.pos, scope);
    let args = expr.args.map(a => evaluate(a, scope));
    if (expr.expand) {
        const last = args.pop();
        if (last instanceof Unknown)
            return unknownFrom(last);
        args = [...args, ...list(last, expr.pos)];
    }
    if (name === 'jsondecode' && args[0] instanceof JsonDoc)
        return args[0].value;
    const fn = STRICT[name];
    if (!fn) {
        return new Unknown([
            {
                what: `${name}()`,
                pos: expr.pos,
                how: `this action does not evaluate ${name}(); pass plan-json (terraform show -json) so Terraform computes it`
            }
        ]);
    }
    const forced = args.map(a => a instanceof LazyObject
        ? a.force(expr.pos)
        : a instanceof JsonDoc && !hasUnknown(a)
            ? toStringValue(a, expr.pos)
            : a);
    if (forced.some(a => a instanceof Unknown || a instanceof JsonDoc)) {
        // A JSON document with unknown parts is a string whose text is not known yet.
        return unknownFrom(...forced);
    }
    // Lists and maps that hold unknowns are fine for structural functions.
    return fn(forced, expr.pos, scope);
}


;// CONCATENATED MODULE: ./src/terraform/eval/access.ts

function getAttr(target, name, pos) {
    if (target instanceof LazyObject)
        return target.get(name, pos);
    if (target instanceof Unknown) {
        if (target.ref)
            return new Unknown(target.causes, undefined, { ...target.ref, attribute: name });
        return new Unknown(target.causes);
    }
    if (values_isObject(target)) {
        if (!(name in target))
            throw new EvalError(`this object has no attribute "${name}"`, pos);
        return target[name];
    }
    if (target === null)
        throw new EvalError(`attempt to get attribute "${name}" from null`, pos);
    throw new EvalError(`${aTypeName(target)} value has no attribute "${name}"`, pos);
}
function getIndex(target, key, pos) {
    if (unknownText(key))
        return unknownFrom(key, target);
    // An element of a resource attribute still names the resource.
    if (target instanceof Unknown)
        return new Unknown(target.causes, undefined, target.ref);
    if (Array.isArray(target)) {
        const index = typeof key === 'string' ? Number(key) : key;
        if (typeof index !== 'number' || !Number.isInteger(index))
            throw new EvalError(`a list index must be a whole number`, pos);
        if (index < 0 || index >= target.length)
            throw new EvalError(`index ${index} is out of range for a list of ${target.length}`, pos);
        return target[index];
    }
    if (target instanceof LazyObject || values_isObject(target))
        return getAttr(target, toStringValue(key, pos), pos);
    throw new EvalError(`${aTypeName(target)} value cannot be indexed`, pos);
}
/** The elements a for expression, for_each or splat iterates over, with their keys. */
function entries(collection, pos) {
    if (Array.isArray(collection))
        return collection.map((v, i) => [i, v]);
    if (collection instanceof LazyObject)
        collection = collection.force(pos);
    if (values_isObject(collection))
        return Object.keys(collection)
            .sort()
            .map(k => [k, collection[k]]);
    throw new EvalError(`cannot iterate over ${aTypeName(collection)} value`, pos);
}

;// CONCATENATED MODULE: ./src/terraform/eval/compare.ts

/** Deeper than this, two values are not compared (hostile input): the answer is "cannot tell". */
const DEEPEST = 64;
/**
 * "the same type and the same value": attribute by attribute whatever order they were written
 * in, and a JSON document is its text. Only called on values without unknowns; undefined when
 * they are nested too deep to compare.
 */
function same(a, b, depth = 0) {
    if (depth > DEEPEST)
        return undefined;
    if (a instanceof JsonDoc)
        a = toStringValue(a);
    if (b instanceof JsonDoc)
        b = toStringValue(b);
    let pairs;
    if (Array.isArray(a) && Array.isArray(b)) {
        if (a.length !== b.length)
            return false;
        pairs = a.map((v, i) => [v, b[i]]);
    }
    else if (values_isObject(a) && values_isObject(b)) {
        const keys = Object.keys(a);
        if (keys.length !== Object.keys(b).length || keys.some(k => !(k in b)))
            return false;
        pairs = keys.map(k => [a[k], b[k]]);
    }
    else
        return a === b;
    let answer = true;
    for (const [x, y] of pairs) {
        const equal = same(x, y, depth + 1);
        if (equal === false)
            return false;
        if (equal === undefined)
            answer = undefined;
    }
    return answer;
}
/** The number an operand converts to: a number, or a string that holds one; anything else is an error. */
function operand(op, value, pos) {
    const number = typeof value === 'number'
        ? value
        : typeof value === 'string'
            ? numberFromText(value)
            : undefined;
    if (number !== undefined)
        return number;
    const given = value === null ? 'null' : typeof value === 'string' ? JSON.stringify(value) : aTypeName(value);
    throw new EvalError(`${op} needs numbers, not ${given}`, pos);
}
function compare(op, left, right, pos) {
    if (op === '==' || op === '!=') {
        const l = forceDeep(left, pos);
        const r = forceDeep(right, pos);
        // null is a value of its own: a list or object that holds unknowns is still not null.
        if (l !== null && r !== null && (hasUnknown(l) || hasUnknown(r)))
            return unknownFrom(l, r);
        const equal = same(l, r);
        if (equal === undefined)
            return new Unknown([
                {
                    what: `values nested more than ${DEEPEST} deep`,
                    pos,
                    how: 'pass plan-json (terraform show -json) so Terraform compares them'
                }
            ]);
        return op === '==' ? equal : !equal;
    }
    const a = operand(op, left, pos);
    const b = operand(op, right, pos);
    switch (op) {
        case '<':
            return a < b;
        case '<=':
            return a <= b;
        case '>':
            return a > b;
        case '>=':
            return a >= b;
        case '+':
            return a + b;
        case '-':
            return a - b;
        case '*':
            return a * b;
        case '/':
            return a / b;
        case '%':
            return a % b;
    }
    throw new EvalError(`unknown operator ${op}`, pos);
}

;// CONCATENATED MODULE: ./src/terraform/eval/scope.ts
/** A scope with extra names (for-expression variables, dynamic block iterators). */
function withNames(scope, names) {
    return {
        root: (name, pos) => (name in names ? names[name] : scope.root(name, pos)),
        readFile: path => scope.readFile(path),
        parseTemplate: (text, file) => scope.parseTemplate(text, file)
    };
}

;// CONCATENATED MODULE: ./src/terraform/eval/evaluate.ts







function template(parts, scope, pos) {
    const out = [];
    for (const part of parts) {
        if (typeof part === 'string')
            out.push(part);
        else if ('kind' in part && part.kind === 'tif') {
            const cond = evaluate(part.cond, scope);
            if (cond instanceof Unknown)
                out.push(new Unknown(cond.causes));
            else {
                const value = template(truthy(cond, pos) ? part.then : part.else, scope, pos);
                out.push(value instanceof Unknown ? value : toStringValue(value, pos));
            }
        }
        else if ('kind' in part && part.kind === 'tfor') {
            const collection = evaluate(part.collection, scope);
            if (collection instanceof Unknown) {
                out.push(new Unknown(collection.causes));
                continue;
            }
            for (const [key, value] of entries(collection, pos)) {
                const inner = withNames(scope, {
                    [part.valueVar]: value,
                    ...(part.keyVar ? { [part.keyVar]: key } : {})
                });
                const text = template(part.body, inner, pos);
                out.push(text instanceof Unknown ? text : toStringValue(text, pos));
            }
        }
        else {
            const value = evaluate(part, scope);
            // A template that is one interpolation is that value, of any type.
            if (parts.length === 1)
                return value;
            const hole = unknownText(value);
            if (hole)
                out.push(hole);
            else if (value === null)
                throw new EvalError('a null value cannot be interpolated', pos);
            else
                out.push(toStringValue(value, pos));
        }
    }
    const unknowns = out.filter((p) => p instanceof Unknown);
    if (unknowns.length === 0)
        return out.join('');
    // Keep the known text around the holes.
    const known = [''];
    for (const p of out) {
        if (typeof p === 'string')
            known[known.length - 1] += p;
        else if (p.parts) {
            known[known.length - 1] += p.parts[0];
            known.push(...p.parts.slice(1));
        }
        else
            known.push('');
    }
    return new Unknown(unknownFrom(...unknowns).causes, known);
}
function binary(expr, scope) {
    const left = evaluate(expr.left, scope);
    if (expr.op === '&&' || expr.op === '||') {
        // A known left side can decide alone (false && …, true || …).
        if (!(left instanceof Unknown) && truthy(left, expr.pos) === (expr.op === '||'))
            return expr.op === '||';
        const right = evaluate(expr.right, scope);
        if (!(right instanceof Unknown) && truthy(right, expr.pos) === (expr.op === '||'))
            return expr.op === '||';
        if (left instanceof Unknown || right instanceof Unknown)
            return unknownFrom(left, right);
        return expr.op === '||' ? false : true;
    }
    const right = evaluate(expr.right, scope);
    // Arithmetic and comparison need numbers: a known side that is none (null, "abc") is an error
    // even beside an unknown, as Terraform converts each operand before it computes.
    if (expr.op !== '==' && expr.op !== '!=')
        for (const side of [left, right])
            if (!(side instanceof Unknown))
                operand(expr.op, side, expr.pos);
    if (left instanceof Unknown || right instanceof Unknown) {
        if (left === null || right === null) {
            // A reference to a resource attribute, or a partly known string, is never null.
            const other = left === null ? right : left;
            if (other instanceof Unknown && (other.ref || other.parts))
                return expr.op === '!=';
        }
        return unknownFrom(left, right);
    }
    return compare(expr.op, left, right, expr.pos);
}
function forExpr(expr, scope) {
    const collection = evaluate(expr.collection, scope);
    if (collection instanceof Unknown)
        return new Unknown(collection.causes);
    const items = [];
    for (const [key, value] of entries(collection, expr.pos)) {
        const inner = withNames(scope, {
            [expr.valueVar]: value,
            ...(expr.keyVar ? { [expr.keyVar]: key } : {})
        });
        if (expr.cond) {
            const keep = evaluate(expr.cond, inner);
            if (keep instanceof Unknown)
                return new Unknown(keep.causes);
            if (!truthy(keep, expr.pos))
                continue;
        }
        items.push([
            expr.keyExpr ? evaluate(expr.keyExpr, inner) : null,
            evaluate(expr.valueExpr, inner)
        ]);
    }
    if (!expr.keyExpr)
        return items.map(([, v]) => v);
    const result = {};
    for (const [key, value] of items) {
        const hole = unknownText(key);
        if (hole)
            return new Unknown(hole.causes);
        const name = toStringValue(key, expr.pos);
        if (expr.grouping)
            result[name] = [...(result[name] ?? []), value];
        else {
            if (name in result)
                throw new EvalError(`duplicate key "${name}" in a for expression`, expr.pos);
            result[name] = value;
        }
    }
    return result;
}
function splat(expr, scope) {
    let target = evaluate(expr.target, scope);
    if (target instanceof Unknown)
        return new Unknown(target.causes, undefined, target.ref);
    if (target === null)
        return [];
    if (!Array.isArray(target))
        target = [target];
    return target.map(item => {
        let value = item;
        for (const step of expr.steps) {
            value =
                'attr' in step
                    ? getAttr(value, step.attr, expr.pos)
                    : getIndex(value, evaluate(step.index, scope), expr.pos);
        }
        return value;
    });
}
/**
 * Called every few thousand evaluation steps (check's deadline): a configuration that asks for a
 * great deal of work is stopped at timeout-minutes, not run to its end.
 */
let stepGuard;
let steps = 0;
/** Runs `fn` with `guard` called every 4,096 evaluation steps. */
function guardedEvaluation(guard, fn) {
    const previous = stepGuard;
    stepGuard = guard;
    try {
        return fn();
    }
    finally {
        stepGuard = previous;
    }
}
function evaluate(expr, scope) {
    if (stepGuard && (++steps & 4095) === 0)
        stepGuard();
    switch (expr.kind) {
        case 'literal':
            return expr.value;
        case 'template':
            return template(expr.parts, scope, expr.pos);
        case 'variable':
            return scope.root(expr.name, expr.pos);
        case 'attr':
            return getAttr(evaluate(expr.target, scope), expr.name, expr.pos);
        case 'index':
            return getIndex(evaluate(expr.target, scope), evaluate(expr.key, scope), expr.pos);
        case 'splat':
            return splat(expr, scope);
        case 'tuple':
            return expr.items.map(item => evaluate(item, scope));
        case 'object': {
            const result = {};
            for (const item of expr.items) {
                // A bare identifier key is its name; anything else is an expression.
                const key = item.key.kind === 'variable' ? item.key.name : evaluate(item.key, scope);
                if (unknownText(key))
                    return unknownFrom(key);
                result[toStringValue(key, expr.pos)] = evaluate(item.value, scope);
            }
            positions.set(result, expr.pos);
            return result;
        }
        case 'call':
            return callFunction(expr, scope);
        case 'conditional': {
            const cond = evaluate(expr.cond, scope);
            if (cond instanceof Unknown) {
                const branches = [expr.then, expr.else].map(branch => {
                    try {
                        return evaluate(branch, scope);
                    }
                    catch {
                        return null;
                    }
                });
                return new Unknown(cond.causes, undefined, undefined, branches);
            }
            return evaluate(truthy(cond, expr.pos) ? expr.then : expr.else, scope);
        }
        case 'unary': {
            const value = evaluate(expr.operand, scope);
            if (value instanceof Unknown)
                return unknownFrom(value);
            if (expr.op === '!')
                return !truthy(value, expr.pos);
            return -operand('-', value, expr.pos);
        }
        case 'binary':
            return binary(expr, scope);
        case 'for':
            return forExpr(expr, scope);
        case 'invalid':
            throw new EvalError(expr.message, expr.pos);
    }
}
/** jsonencode: the document as structure (statements keep their positions), text on demand. */
function jsonEncode(value, pos) {
    return new JsonDoc(forceDeep(value, pos));
}

;// CONCATENATED MODULE: ./src/terraform/eval/types.ts


const NO_NAMES = {
    root: () => null,
    readFile: () => undefined,
    parseTemplate: () => ({ kind: 'literal', value: null, pos: { file: '', line: 0 } })
};
/** A value that does not convert is left as it is (Terraform would reject it). */
function primitive(name, value) {
    if (name === 'string' && (typeof value === 'number' || typeof value === 'boolean'))
        return String(value);
    if (name === 'number' && typeof value === 'string' && numberFromText(value) !== undefined)
        return Number(value);
    if (name === 'bool' && (value === 'true' || value === 'false'))
        return value === 'true';
    return value;
}
/** Applies a type constraint (the `type` expression of a variable) to a value. */
function convert(value, type) {
    // null, unknown and lazy values (module outputs) pass through every constraint as they are.
    if (!type || value === null || value instanceof Unknown)
        return value;
    if (type.kind === 'variable')
        return primitive(type.name, value);
    if (type.kind !== 'call')
        return value;
    const [inner, fallback] = type.args;
    switch (type.name) {
        case 'optional':
            return convert(value, inner);
        case 'list':
        case 'set':
            return Array.isArray(value) ? value.map(v => convert(v, inner)) : value;
        case 'map':
            return values_isObject(value)
                ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v, inner)]))
                : value;
        case 'tuple':
            if (!Array.isArray(value) || inner?.kind !== 'tuple')
                return value;
            return value.map((v, i) => convert(v, inner.items[i]));
        case 'object': {
            if (!values_isObject(value) || inner?.kind !== 'object')
                return value;
            const result = {};
            for (const item of inner.items) {
                const name = item.key.kind === 'variable' ? item.key.name : String(evaluate(item.key, NO_NAMES));
                const attrType = item.value;
                if (name in value && value[name] !== null)
                    result[name] = convert(value[name], attrType);
                else if (attrType.kind === 'call' && attrType.name === 'optional' && attrType.args[1])
                    result[name] = convert(evaluate(attrType.args[1], NO_NAMES), attrType.args[0]);
                else
                    result[name] = null;
            }
            return result;
        }
    }
    void fallback;
    return value;
}

;// CONCATENATED MODULE: ./src/terraform/config/blocks.ts


/** A nested block as a value (`aws_launch_template.x.block_device_mappings[0].ebs[0]`). */
class BlockValue extends LazyObject {
    body;
    scope;
    pos;
    constructor(body, scope, pos) {
        super();
        this.body = body;
        this.scope = scope;
        this.pos = pos;
    }
    get(name, pos) {
        const attribute = this.body.attributes.get(name);
        // JSON syntax: an object-shaped property is read as the nested blocks it usually is.
        if (attribute && !this.body.either?.has(name))
            return evaluate(attribute.expr, this.scope);
        const nested = expandBlocks(this.body, name, this.scope);
        if (nested.length || this.body.blocks.some(b => b.type === name || b.labels[0] === name))
            return nested;
        void pos;
        return null;
    }
    keys() {
        return [
            ...new Set([
                ...this.body.attributes.keys(),
                ...this.body.blocks.map(b => (b.type === 'dynamic' ? b.labels[0] : b.type))
            ])
        ];
    }
}
/** Static blocks of a type, and `dynamic` blocks of it expanded with their iterator. */
function expandBlocks(body, type, scope) {
    const out = [];
    for (const block of body.blocks) {
        if (block.type === type)
            out.push(new BlockValue(block.body, scope, block.pos));
        else if (block.type === 'dynamic' && block.labels[0] === type) {
            const content = block.body.blocks.find(b => b.type === 'content');
            if (!content)
                continue;
            const iteratorExpr = block.body.attributes.get('iterator')?.expr;
            const iterator = iteratorExpr?.kind === 'variable' ? iteratorExpr.name : type;
            const forEach = block.body.attributes.get('for_each');
            const collection = forEach ? evaluate(forEach.expr, scope) : [];
            if (collection instanceof Unknown) {
                // One block whose iterator is unknown: what it sets is unknown for the same reason.
                const unknown = new Unknown(collection.causes);
                out.push(new BlockValue(content.body, withNames(scope, { [iterator]: { key: unknown, value: unknown } }), content.pos));
                continue;
            }
            for (const [key, value] of entries(collection, block.pos))
                out.push(new BlockValue(content.body, withNames(scope, { [iterator]: { key, value } }), content.pos));
        }
    }
    return out;
}

;// CONCATENATED MODULE: ./src/terraform/config/policy-document.ts

function listOf(value) {
    if (value === null || value === undefined)
        return value;
    if (Array.isArray(value) || value instanceof Unknown)
        return value;
    return [value];
}
function one(value) {
    return Array.isArray(value) && value.length === 1 ? value[0] : value;
}
function statementOf(block) {
    const get = (name) => block.get(name, block.pos);
    const statement = {};
    const sid = get('sid');
    if (sid !== null && sid !== '')
        statement.Sid = sid;
    const effect = get('effect');
    statement.Effect = effect === null ? 'Allow' : effect;
    for (const [field, key] of [
        ['actions', 'Action'],
        ['not_actions', 'NotAction'],
        ['resources', 'Resource'],
        ['not_resources', 'NotResource']
    ]) {
        const value = get(field);
        if (value !== null)
            statement[key] = one(listOf(value));
    }
    for (const [field, key] of [
        ['principals', 'Principal'],
        ['not_principals', 'NotPrincipal']
    ]) {
        const blocks = block.get(field, block.pos);
        if (!Array.isArray(blocks) || blocks.length === 0)
            continue;
        const principals = {};
        for (const p of blocks) {
            const type = p.get('type', p.pos);
            const identifiers = listOf(p.get('identifiers', p.pos));
            if (type instanceof Unknown)
                return { ...statement, [key]: unknownFrom(type) };
            const name = String(type);
            const before = principals[name];
            principals[name] =
                before === undefined
                    ? identifiers
                    : Array.isArray(before) && Array.isArray(identifiers)
                        ? [...before, ...identifiers]
                        : unknownFrom(before, identifiers);
        }
        // `type = "*"` with identifiers ["*"] is Principal "*".
        statement[key] =
            Object.keys(principals).length === 1 && principals['*'] !== undefined
                ? '*'
                : Object.fromEntries(Object.entries(principals).map(([k, v]) => [k, one(v)]));
    }
    const conditions = block.get('condition', block.pos);
    if (Array.isArray(conditions) && conditions.length > 0) {
        const condition = {};
        for (const c of conditions) {
            const test = c.get('test', c.pos);
            const variable = c.get('variable', c.pos);
            const values = listOf(c.get('values', c.pos));
            if (test instanceof Unknown || variable instanceof Unknown) {
                statement.Condition = unknownFrom(test, variable);
                break;
            }
            condition[String(test)] ??= {};
            condition[String(test)][String(variable)] = one(values);
        }
        if (!(statement.Condition instanceof Unknown))
            statement.Condition = condition;
    }
    positions.set(statement, block.pos);
    return statement;
}
/** Statements of a JSON policy given as text or as a document. */
function statementsOf(document) {
    let value = document;
    if (value instanceof JsonDoc)
        value = value.value;
    else if (typeof value === 'string') {
        try {
            value = JSON.parse(value);
        }
        catch {
            return new Unknown([{ what: 'a source policy document', how: 'it is not JSON' }]);
        }
    }
    if (value instanceof Unknown)
        return unknownFrom(value);
    if (!values_isObject(value))
        return [];
    const statements = value.Statement;
    if (statements instanceof Unknown)
        return unknownFrom(statements);
    const list = Array.isArray(statements) ? statements : statements ? [statements] : [];
    return list.filter(values_isObject);
}
function mergeBySid(base, extra, appendUnmatched) {
    const out = [...base];
    for (const statement of extra) {
        const sid = statement.Sid;
        const at = typeof sid === 'string' && sid ? out.findIndex(s => s.Sid === sid) : -1;
        if (at >= 0)
            out[at] = statement;
        else if (appendUnmatched)
            out.push(statement);
    }
    return out;
}
function renderPolicyDocument(instance, pos) {
    const own = instance.blocks('statement').map(statementOf);
    let statements = [];
    for (const field of ['source_policy_documents', 'source_json']) {
        const sources = listOf(instance.attribute(field) ?? null);
        if (sources instanceof Unknown)
            return unknownFrom(sources);
        for (const source of sources ?? []) {
            if (source === null)
                continue;
            const list = statementsOf(source);
            if (list instanceof Unknown)
                return list;
            statements = mergeBySid(statements, list, true);
        }
    }
    statements = mergeBySid(statements, own, true);
    for (const field of ['override_policy_documents', 'override_json']) {
        const overrides = listOf(instance.attribute(field) ?? null);
        if (overrides instanceof Unknown)
            return unknownFrom(overrides);
        for (const override of overrides ?? []) {
            if (override === null)
                continue;
            const list = statementsOf(override);
            if (list instanceof Unknown)
                return list;
            statements = mergeBySid(statements, list, true);
        }
    }
    const document = {
        Version: instance.attribute('version') ?? '2012-10-17',
        Statement: statements
    };
    const id = instance.attribute('policy_id');
    if (id !== undefined && id !== null)
        document.Id = id;
    positions.set(document, instance.decl.pos);
    void pos;
    return new JsonDoc(document);
}

;// CONCATENATED MODULE: ./src/terraform/config/computed.ts


/** Stands for "the account this configuration is applied in". */
const THIS_ACCOUNT = '000000000000';
/** The partition the check assumes for this account; ARNs are compared within it. */
const THIS_PARTITION = 'aws';
/** Service-linked role names by service (the ones a key policy for node volumes can name). */
const SERVICE_LINKED_ROLES = {
    'autoscaling.amazonaws.com': 'AWSServiceRoleForAutoScaling',
    'eks.amazonaws.com': 'AWSServiceRoleForAmazonEKS',
    'eks-nodegroup.amazonaws.com': 'AWSServiceRoleForAmazonEKSNodegroup'
};
function computedAttribute(instance, name, pos) {
    const data = instance.decl.mode === 'data';
    switch (`${data ? 'data.' : ''}${instance.type}.${name}`) {
        case 'data.aws_caller_identity.account_id':
        case 'data.aws_caller_identity.id':
            return THIS_ACCOUNT;
        case 'data.aws_partition.partition':
        case 'data.aws_partition.id':
            return THIS_PARTITION;
        case 'data.aws_partition.dns_suffix':
            return 'amazonaws.com';
        case 'data.aws_iam_policy_document.json':
        case 'data.aws_iam_policy_document.minified_json':
            return renderPolicyDocument(instance, pos);
        case 'aws_iam_service_linked_role.arn':
        case 'aws_iam_service_linked_role.id':
        case 'aws_iam_service_linked_role.name':
            return serviceLinkedRole(instance, name);
    }
    return undefined;
}
function serviceLinkedRole(instance, name) {
    const service = instance.attribute('aws_service_name');
    const suffix = instance.attribute('custom_suffix');
    if (service instanceof Unknown || suffix instanceof Unknown)
        return undefined;
    const base = typeof service === 'string' ? SERVICE_LINKED_ROLES[service] : undefined;
    if (!base)
        return undefined;
    const roleName = typeof suffix === 'string' && suffix ? `${base}_${suffix}` : base;
    if (name === 'name')
        return roleName;
    return `arn:${THIS_PARTITION}:iam::${THIS_ACCOUNT}:role/aws-service-role/${String(service)}/${roleName}`;
}

;// CONCATENATED MODULE: ./src/terraform/config/resource.ts




/** Meta-arguments: not attributes of the resource or inputs of the module. */
const META = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);
/** One instance of a resource or data source. */
class ResourceInstance extends LazyObject {
    module;
    decl;
    address;
    scope;
    constructor(module, decl, 
    /** `aws_kms_key.this[0]`. */
    address, scope) {
        super();
        this.module = module;
        this.decl = decl;
        this.address = address;
        this.scope = scope;
    }
    get type() {
        return this.decl.type;
    }
    /** Module path and address: `module.kms.aws_kms_key.this[0]`. */
    get fullAddress() {
        return this.module.path ? `${this.module.path}.${this.address}` : this.address;
    }
    attribute(name) {
        const attribute = this.decl.body.attributes.get(name);
        return attribute ? evaluate(attribute.expr, this.scope) : undefined;
    }
    attributePos(name) {
        return this.decl.body.attributes.get(name)?.pos ?? this.decl.pos;
    }
    blocks(type) {
        return expandBlocks(this.decl.body, type, this.scope);
    }
    get(name, pos) {
        const computed = computedAttribute(this, name, pos);
        if (computed !== undefined)
            return computed;
        const attribute = this.decl.body.attributes.get(name);
        // JSON syntax: an object-shaped property is read as the nested blocks it usually is.
        if (attribute && !this.decl.body.either?.has(name))
            return evaluate(attribute.expr, this.scope);
        const blocks = this.blocks(name);
        if (blocks.length)
            return blocks;
        const data = this.decl.mode === 'data';
        return new Unknown([
            {
                what: `${this.fullAddress}.${name}`,
                pos,
                how: data
                    ? 'a data source is read from AWS at plan time: pass plan-json (terraform show -json of a plan)'
                    : 'it is known only after apply: pass plan-json, or run verify against the account after apply'
            }
        ], undefined, {
            root: this.module.rootDir,
            module: this.module.path,
            address: this.address,
            type: this.type,
            attribute: name,
            pos
        });
    }
    keys() {
        return [...this.decl.body.attributes.keys()].filter(k => !META.has(k));
    }
}

;// CONCATENATED MODULE: ./src/terraform/config/where.ts


/**
 * A position users can see: inside a module source that `terraform init` downloaded
 * (.terraform/), the call in the configuration that leads there instead (its `attribute` when
 * it sets one).
 */
function visiblePos(module, pos, attribute) {
    if (!/(^|\/)\.terraform\//.test(pos.file))
        return pos;
    let outer = module;
    let call;
    while (outer?.parent) {
        call = outer.call;
        if (!/(^|\/)\.terraform\//.test(outer.parent.config.files[0] ?? '')) {
            const direct = outer.parent === module.parent ? attribute : undefined;
            return (direct && call?.body.attributes.get(direct)?.pos) || call?.pos || pos;
        }
        outer = outer.parent;
    }
    return pos;
}
/**
 * Where check looked for a module's source, as Terraform would: a local path — which must begin
 * with `./` or `../` (developer.hashicorp.com/terraform/language/modules/sources, "Local Paths";
 * a Windows path such as `.\\modules\\x` is not one) — is the folder itself; any other source is
 * what `terraform init` installed, listed in .terraform/modules/modules.json under the call's key.
 */
function lookedFor(module, call) {
    if (call.sourceExpr && !call.source)
        return 'the value of its source expression, which could not be evaluated early';
    if (isLocalSource(call.source))
        return `the folder ${module.env.display((0,external_node_path_.resolve)(module.config.dir, call.source)) || '.'}`;
    const key = module.key ? `${module.key}.${call.name}` : call.name;
    const windows = /\\/.test(call.source)
        ? ' (a path with backslashes is not a local path to Terraform: write it with forward slashes, starting ./ or ../)'
        : '';
    return `the entry "${key}" of .terraform/modules/modules.json, which terraform init writes${windows}`;
}
function missingSource(call, pos, module) {
    return {
        what: `module ${call.name} (${call.source || 'a source expression'})`,
        pos: pos ?? call.pos,
        how: `its source is not here${module ? ` (looked for ${lookedFor(module, call)})` : ''}; run \`terraform init -backend=false\` before check`
    };
}

;// CONCATENATED MODULE: ./src/terraform/config/expand.ts


/** `["alpha"]`: for_each keys are strings, quoted (and escaped) as Terraform writes addresses. */
function keyText(key) {
    return `[${JSON.stringify(key)}]`;
}
/**
 * Every instance, in Terraform's order (count by index, for_each by key). A count not known here
 * is checked as one instance `[0]`, and a for_each not known as one instance `[?]` standing for
 * each, so a key is never skipped silently. A resource or module call whose `lifecycle { enabled }`
 * is false has none.
 */
function expand_expand(body, scope) {
    if (!enabled(body, scope))
        return [];
    const count = body.attributes.get('count');
    const forEach = body.attributes.get('for_each');
    // developer.hashicorp.com/terraform/language/meta-arguments/count: "A given resource or module
    // block cannot use both count and for_each", and count "accepts a whole number".
    if (count && forEach)
        throw new EvalError('count and for_each are both set: Terraform accepts only one of them', count.pos);
    if (count) {
        const n = evaluate(count.expr, scope);
        const total = n instanceof Unknown ? 1 : wholeCount(n, count.pos);
        return Array.from({ length: total }, (_, i) => ({
            suffix: `[${i}]`,
            names: { count: { index: i } }
        }));
    }
    if (forEach) {
        // A list written in place (a tuple, or a [for …] expression) is refused by Terraform; a list
        // reached through a variable or local cannot be told from a set here and is read as one.
        const written = forEach.expr;
        if (written.kind === 'tuple' || (written.kind === 'for' && !written.keyExpr))
            throw new EvalError('for_each is a list: Terraform needs a map or a set of strings (toset() makes a set of a list)', forEach.pos);
        const collection = evaluate(forEach.expr, scope);
        // developer.hashicorp.com/terraform/language/meta-arguments/for_each: "accepts a map or a set
        // of strings"; Terraform refuses a null one.
        if (collection === null || typeof collection !== 'object')
            throw new EvalError(`for_each is ${collection === null ? 'null' : aTypeName(collection)}: Terraform needs a map or a set of strings`, forEach.pos);
        if (collection instanceof Unknown) {
            const unknown = new Unknown(collection.causes);
            return [{ suffix: '[?]', names: { each: { key: unknown, value: unknown } } }];
        }
        // A set of strings (toset) iterates by its values; a map or object by its keys.
        return entries(collection, forEach.pos).map(([k, v]) => {
            const key = Array.isArray(collection) ? v : k;
            return { suffix: keyText(key), names: { each: { key, value: v } } };
        });
    }
    return [{ suffix: '', names: {} }];
}
/** count's value as Terraform takes it: a number (or a string of one), whole and not negative. */
function wholeCount(value, pos) {
    const n = typeof value === 'string' ? numberFromText(value) : value;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
        throw new EvalError(`count is ${value === null ? 'null' : JSON.stringify(value)}: Terraform needs a whole number, 0 or more`, pos);
    return n;
}
/**
 * OpenTofu's `enabled` meta-argument (OpenTofu 1.11, opentofu.org/docs/language/meta-arguments/enabled):
 * inside `lifecycle`, false means the one instance is not created (and the resource evaluates to
 * null), so nothing launches from it. Not known here: checked as if it were created, like an
 * unknown count.
 */
function enabled(body, scope) {
    const attribute = body.blocks.find(b => b.type === 'lifecycle')?.body.attributes.get('enabled');
    if (!attribute)
        return true;
    return evaluate(attribute.expr, scope) !== false;
}

;// CONCATENATED MODULE: ./src/terraform/config/names.ts

class Names extends LazyObject {
    lookup;
    names;
    constructor(lookup, names) {
        super();
        this.lookup = lookup;
        this.names = names;
    }
    get(name, pos) {
        return this.lookup(name, pos);
    }
    keys() {
        return this.names();
    }
}

;// CONCATENATED MODULE: ./src/terraform/config/instance.ts







/**
 * var, local, module, data and a resource type are namespaces, not values: Terraform refuses one
 * used whole (`keys(var)`, `values(aws_kms_key)`), asking for one of its names
 * (hashicorp/terraform internal/addrs/parse_ref.go, "cannot be accessed directly").
 */
function whole(namespace) {
    return () => {
        throw new EvalError(`"${namespace}" cannot be used as a whole: Terraform needs one of its names, as ${namespace}.<name>`);
    };
}
class ModuleInstance {
    config;
    path;
    key;
    inputs;
    env;
    root;
    call;
    parent;
    localCache = new Map();
    evaluating = new Set();
    resourceCache = new Map();
    childCache;
    scope;
    constructor(config, 
    /** '' for a root module, `module.eks.module.node_group["a"]` below it. */
    path, 
    /** Manifest key of this module ('' for a root, `eks.node_group`). */
    key, 
    /** Values given for the variables (by the caller, or by variable files for a root). */
    inputs, env, root, 
    /** The call that made it, for messages. */
    call, parent) {
        this.config = config;
        this.path = path;
        this.key = key;
        this.inputs = inputs;
        this.env = env;
        this.root = root;
        this.call = call;
        this.parent = parent;
        this.scope = this.makeScope({});
    }
    /** The root module's directory: resources of different roots never meet. */
    get rootDir() {
        return this.parent ? this.parent.rootDir : this.config.dir;
    }
    makeScope(extra) {
        const base = {
            root: (name, pos) => this.rootName(name, pos),
            readFile: path => this.env.readFile(path),
            parseTemplate: (text, file) => this.env.parseTemplate(text, file)
        };
        return Object.keys(extra).length ? withNames(base, extra) : base;
    }
    rootName(name, pos) {
        switch (name) {
            case 'var':
                return new Names((n, p) => this.variable(n, p), whole(name));
            case 'local':
                return new Names((n, p) => this.local(n, p), whole(name));
            case 'module':
                return new Names((n, p) => this.moduleValue(n, p), whole(name));
            case 'data':
                return new Names((type, p) => this.typeNames(`data.${type}`, p), whole(name));
            case 'path':
                return { module: this.config.dir, root: this.config.dir, cwd: this.config.dir };
            case 'terraform':
                return { workspace: 'default' };
            case 'count':
            case 'each':
            case 'self':
                throw new EvalError(`${name} is used outside a resource or module with ${name === 'self' ? 'a provisioner' : name === 'count' ? 'count' : 'for_each'}`, pos);
        }
        if ([...this.config.resources.keys()].some(k => k.startsWith(`${name}.`)))
            return this.typeNames(name, pos);
        throw new EvalError(`"${name}" is not declared in this module`, pos);
    }
    typeNames(prefix, _pos) {
        return new Names((n, p) => this.resourceValue(`${prefix}.${n}`, p), whole(prefix));
    }
    variable(name, pos) {
        const decl = this.config.variables.get(name);
        if (!decl)
            throw new EvalError(`var.${name} is not declared in this module`, pos);
        const given = this.inputs.get(name);
        if (given) {
            const value = given();
            // An explicit null stays null unless the variable says `nullable = false`; only then does
            // the default replace it (developer.hashicorp.com/terraform/language/values/variables,
            // "Disallowing null input values": nullable defaults to true).
            if (value !== null || !decl.default || !this.notNullable(decl))
                return convert(value, decl.type);
        }
        if (decl.default)
            return convert(evaluate(decl.default, this.scope), decl.type);
        const where = this.root
            ? `give it a value in terraform.tfvars, a *.auto.tfvars file, a file in the var-files input or TF_VAR_${name} in the step's environment, or pass plan-json`
            : `set ${name} in the call of ${this.path}`;
        return new Unknown([
            { what: `var.${name}${this.path ? ` of ${this.path}` : ''} (no value)`, pos, how: where }
        ]);
    }
    /** `nullable = false`, written as a literal or anything that evaluates to false. */
    notNullable(decl) {
        if (!decl.nullable)
            return false;
        try {
            return evaluate(decl.nullable, this.scope) === false;
        }
        catch {
            return false;
        }
    }
    local(name, pos) {
        if (this.localCache.has(name))
            return this.localCache.get(name);
        const attribute = this.config.locals.get(name);
        if (!attribute)
            throw new EvalError(`local.${name} is not declared in this module`, pos);
        if (this.evaluating.has(`local.${name}`))
            throw new EvalError(`local.${name} refers to itself`, pos);
        this.evaluating.add(`local.${name}`);
        try {
            const value = evaluate(attribute.expr, this.scope);
            this.localCache.set(name, value);
            return value;
        }
        finally {
            this.evaluating.delete(`local.${name}`);
        }
    }
    /** Instances of a resource, expanded by count or for_each. */
    instances(address, decl) {
        const cached = this.resourceCache.get(address);
        if (cached)
            return cached;
        const result = expand_expand(decl.body, this.scope).map(({ suffix, names }) => new ResourceInstance(this, decl, `${address}${suffix}`, this.makeScope(names)));
        this.resourceCache.set(address, result);
        return result;
    }
    resourceValue(address, pos) {
        const decl = this.config.resources.get(address);
        if (!decl)
            throw new EvalError(`${address} is not declared in this module`, pos);
        const list = this.instances(address, decl);
        if (decl.body.attributes.has('count'))
            return list;
        if (decl.body.attributes.has('for_each')) {
            // for_each unknown: the one instance stands for each, whatever key is asked for.
            if (list.length === 1 && list[0].address.endsWith('[?]'))
                return new Names(() => list[0], () => ['?']);
            const map = {};
            for (const instance of list)
                map[JSON.parse(instance.address.slice(address.length + 1, -1))] = instance;
            return map;
        }
        // Disabled (lifecycle { enabled = false }): the resource is null.
        return list[0] ?? null;
    }
    /** Child module instances, expanded by count or for_each. */
    children() {
        if (this.childCache)
            return this.childCache;
        this.childCache = [];
        for (const call of this.config.modules.values()) {
            // A call Terraform refuses to expand (a null for_each, a count that is not a whole number)
            // has no instances to visit; an expression reading module.<name> is told why.
            try {
                this.childCache.push(...this.callInstances(call));
            }
            catch {
                continue;
            }
        }
        return this.childCache;
    }
    callCache = new Map();
    callInstances(call) {
        const cached = this.callCache.get(call.name);
        if (cached)
            return cached;
        const config = this.env.child(this, call);
        const key = this.key ? `${this.key}.${call.name}` : call.name;
        const base = `${this.path ? `${this.path}.` : ''}module.${call.name}`;
        const instances = [];
        if (config) {
            const make = (suffix, extra) => {
                const scope = this.makeScope(extra);
                const inputs = new Map();
                for (const [name, attribute] of call.body.attributes) {
                    if (META.has(name))
                        continue;
                    let cache;
                    inputs.set(name, () => (cache ??= { value: evaluate(attribute.expr, scope) }).value);
                }
                return new ModuleInstance(config, `${base}${suffix}`, key, inputs, this.env, false, call, this);
            };
            for (const { suffix, names } of expand_expand(call.body, this.scope))
                instances.push(make(suffix, names));
        }
        this.callCache.set(call.name, instances);
        return instances;
    }
    /** `module.x`: its outputs (a list or map of them under count / for_each). */
    moduleValue(name, pos) {
        const call = this.config.modules.get(name);
        if (!call)
            throw new EvalError(`module.${name} is not declared in this module`, pos);
        const config = this.env.child(this, call);
        if (!config)
            return new Unknown([missingSource(call, pos, this)]);
        const list = this.callInstances(call);
        const outputs = (instance) => new Names((n, p) => instance.output(n, p), () => [...instance.config.outputs.keys()]);
        if (call.body.attributes.has('count'))
            return list.map(outputs);
        if (call.body.attributes.has('for_each')) {
            // for_each unknown: the one instance stands for each, whatever key is asked for.
            if (list.length === 1 && list[0].path.endsWith('[?]'))
                return new Names(() => outputs(list[0]), () => ['?']);
            const map = {};
            for (const instance of list) {
                const suffix = instance.path.slice(instance.path.lastIndexOf('['));
                map[JSON.parse(suffix.slice(1, -1))] = outputs(instance);
            }
            return map;
        }
        return list.length ? outputs(list[0]) : null;
    }
    output(name, pos) {
        const attribute = this.config.outputs.get(name);
        if (!attribute)
            throw new EvalError(`${this.path} has no output "${name}"`, pos);
        return evaluate(attribute.expr, this.scope);
    }
    /** Every managed resource instance of this module (not of its children). */
    allResources() {
        const out = [];
        for (const [address, decl] of this.config.resources) {
            if (decl.mode === 'data')
                continue;
            // A resource Terraform refuses to expand has no instances; what reads it is told why.
            try {
                out.push(...this.instances(address, decl));
            }
            catch {
                continue;
            }
        }
        return out;
    }
}

;// CONCATENATED MODULE: ./src/terraform/config/env-vars.ts


const PRIMITIVE = new Set(['string', 'number', 'bool']);
/** Terraform's parsing mode: literal for no type and for string, number and bool. */
function parsedAsHcl(type) {
    if (!type)
        return false;
    return !(type.kind === 'variable' && PRIMITIVE.has(type.name));
}
async function environmentValues(config, env, scope, report) {
    const values = new Map();
    for (const [name, decl] of config.variables) {
        const text = env[`TF_VAR_${name}`];
        if (text === undefined)
            continue;
        if (!parsedAsHcl(decl.type)) {
            values.set(name, () => text);
            continue;
        }
        await hclParser();
        try {
            const expr = parseExpressionText(text, `TF_VAR_${name}`, 1);
            values.set(name, () => evaluate(expr, scope));
        }
        catch (error) {
            // Terraform stops here; check says so at the declaration and goes on without the value.
            report(`TF_VAR_${name} does not parse as a value of var.${name}'s type: ${error.message}`, decl.pos);
        }
    }
    return values;
}

;// CONCATENATED MODULE: ./src/terraform/config/static-source.ts
/**
 * OpenTofu's early evaluation (1.8: opentofu.org/docs/v1.8/intro/whats-new/, "Early
 * variable/locals evaluation"): a module `source` may be an expression of variables and locals —
 * "as long as they are not dependent on resources, data sources or module outputs" — evaluated
 * before anything else, from defaults, tfvars and var-files. Terraform refuses such a source; a
 * configuration that uses one is read as OpenTofu reads it.
 */


/** Why a source expression has no value here, or its value. */
function evaluateSource(call, owner) {
    if (!owner)
        return new Error('the module it is written in has no instance to read it from');
    try {
        const value = evaluate(call.sourceExpr, owner.scope);
        if (typeof value === 'string')
            return value;
        if (value instanceof Unknown)
            return new Error(value.causes.map(c => `${c.what}: ${c.how}`).join('; '));
        return new Error(`it is ${typeName(value)}, not a string`);
    }
    catch (error) {
        if (error instanceof EvalError)
            return new Error(error.message);
        throw error;
    }
}
/**
 * The call with its source known: as written, or evaluated early. Undefined when it cannot be
 * known statically — said at the call, and the module is a "cannot tell" where it is used.
 */
function withStaticSource(loader, call, owner) {
    if (!call.sourceExpr)
        return call;
    const instance = owner();
    const source = evaluateSource(call, instance);
    if (typeof source === 'string')
        return { ...call, source };
    const address = `${instance?.path ? `${instance.path}.` : ''}module.${call.name}`;
    loader.problems.push({
        path: call.pos.file,
        line: call.pos.line,
        message: `the source of ${address} is an expression check could not evaluate before anything else, as OpenTofu does (${source.message}), so nothing in it was read; early evaluation reads only variables and locals: give them values in terraform.tfvars, a *.auto.tfvars file or var-files.`
    });
    return undefined;
}
/** The first instance a call makes (count and for_each included), for early evaluation below it. */
function firstInstance(owner, call) {
    if (!owner)
        return undefined;
    try {
        return owner.callInstances(call)[0];
    }
    catch (error) {
        if (error instanceof EvalError)
            return undefined;
        throw error;
    }
}

;// CONCATENATED MODULE: ./src/terraform/config/roots.ts
/**
 * Root modules and everything below them, ready to evaluate: which directories are roots (not
 * called as a local module by another), their variable values (TF_VAR_ environment variables,
 * terraform.tfvars, *.auto.tfvars, then var-files, later sources winning, as Terraform applies
 * them: "Variable Definition Precedence"), and every module source
 * loaded ahead, so evaluation itself never waits on the disk.
 */










const roots_NO_NAMES = {
    root: (name, pos) => {
        throw new EvalError(`a variable file cannot refer to ${name}`, pos);
    },
    readFile: () => undefined,
    parseTemplate: () => {
        throw new EvalError('no templates in variable files');
    }
};
async function readVariableFile(loader, path) {
    const values = new Map();
    if (!(0,external_node_fs_.existsSync)(path)) {
        loader.problems.push({
            path: display(loader.cwd, path),
            message: 'the variable file does not exist'
        });
        return values;
    }
    const text = loader.readText(path);
    if (text === undefined)
        return values;
    const shown = display(loader.cwd, path);
    if (path.endsWith('.json')) {
        try {
            for (const [k, v] of Object.entries(JSON.parse(text)))
                values.set(k, () => v);
        }
        catch {
            // Node's JSON message quotes the text: say where, not what.
            loader.problems.push({ path: shown, message: 'not valid JSON', unread: true });
        }
        return values;
    }
    const { body, error } = await parseHcl(text, shown);
    if (error)
        loader.problems.push({
            path: shown,
            line: error.pos.line,
            message: error.message,
            unread: true
        });
    for (const [name, attribute] of body.attributes)
        values.set(name, () => evaluate(attribute.expr, roots_NO_NAMES));
    return values;
}
/**
 * Loads every module source reachable from a root, keyed as modules.json keys them. A call whose
 * source is a directory already on the path from the root (`source = "./"`, or two modules that
 * call each other) is a cycle: Terraform cannot install such a configuration (`terraform init`
 * nests the module into itself until the path is too long: hashicorp/terraform#27159, #31557,
 * #22648). It is a configuration error at the call, and the cycle is not followed.
 */
async function preload(loader, root, config, key, sources, chain, cycles, 
/** The instance of `config` that early evaluation reads variables and locals from. */
owner, 
/** Folders reached through a source evaluated early: modules, not roots. */
early) {
    loader.workspace.checkDeadline();
    for (const written of config.modules.values()) {
        const childKey = key ? `${key}.${written.name}` : written.name;
        if (sources.has(childKey))
            continue;
        const call = withStaticSource(loader, written, owner);
        if (!call) {
            sources.set(childKey, undefined);
            continue;
        }
        const { config: child } = await loader.resolveCall(root.dir, childKey, config.dir, call);
        const loop = child && chain.findIndex(c => c.dir === child.dir);
        if (child && loop !== undefined && loop >= 0) {
            const path = [...chain.slice(loop + 1).map(c => c.name), call.name]
                .map(n => `module.${n}`)
                .join(' → ');
            loader.errors.push({
                path: call.pos.file,
                line: call.pos.line,
                message: loop === chain.length - 1
                    ? `module "${call.name}" calls the module it is written in (source = "${call.source}"): Terraform refuses a module that calls itself, so this configuration cannot be applied. Point source at another directory.`
                    : `module "${call.name}" (source = "${call.source}") closes a cycle of module calls (${display(loader.cwd, child.dir) || '.'} calls itself through ${path}): Terraform refuses module cycles, so this configuration cannot be applied.`
            });
            sources.set(childKey, undefined);
            cycles.add(childKey);
            continue;
        }
        sources.set(childKey, child);
        if (child && written.sourceExpr)
            early.add(child.dir);
        if (child)
            await preload(loader, root, child, childKey, sources, [...chain, { dir: child.dir, name: call.name }], cycles, () => firstInstance(owner(), written), early);
    }
}
function environment(loader, root, sources, cycles) {
    return {
        child: (parent, call) => sources.get(parent.key ? `${parent.key}.${call.name}` : call.name),
        cyclic: (parent, call) => cycles.has(parent.key ? `${parent.key}.${call.name}` : call.name),
        // file(), templatefile(): under the workspace only; elsewhere the value is unknown, with why.
        readFile: (path) => {
            const read = loader.workspace.read((0,external_node_path_.isAbsolute)(path) ? path : (0,external_node_path_.resolve)(root.dir, path));
            return 'text' in read ? read.text : isRefusal(read) ? read : undefined;
        },
        parseTemplate: (text, file) => {
            try {
                return parseTemplateText(text, display(loader.cwd, (0,external_node_path_.isAbsolute)(file) ? file : (0,external_node_path_.resolve)(root.dir, file)));
            }
            catch (error) {
                throw new EvalError(`the template ${file} does not parse: ${error.message}`);
            }
        },
        display: (dir) => display(loader.cwd, dir)
    };
}
/** Whether `from` reaches `to` through local module calls among the loaded configurations. */
function callsBack(configs, from, to) {
    const byDir = new Map(configs.map(c => [c.dir, c]));
    const seen = new Set();
    const stack = [from];
    while (stack.length) {
        const dir = stack.pop();
        if (dir === to)
            return true;
        if (seen.has(dir))
            continue;
        seen.add(dir);
        for (const call of byDir.get(dir)?.modules.values() ?? [])
            if (isLocalSource(call.source))
                stack.push((0,external_node_path_.resolve)(dir, call.source));
    }
    return false;
}
/** The root module instances of the configurations found under terraform-paths. */
async function buildRoots(loader, configs, varFiles, env = {}) {
    // A directory another one calls is a module, not a root; a call to itself does not count, so a
    // self-calling module is still checked (and its cycle reported) instead of vanishing.
    const called = new Set();
    for (const config of configs)
        for (const call of config.modules.values()) {
            const dir = (0,external_node_path_.resolve)(config.dir, call.source);
            if (isLocalSource(call.source) && dir !== config.dir && !callsBack(configs, dir, config.dir))
                called.add(dir);
        }
    const roots = [];
    const early = new Set();
    for (const config of configs) {
        if (called.has(config.dir))
            continue;
        const sources = new Map();
        const cycles = new Set();
        const inputs = await environmentValues(config, env, roots_NO_NAMES, (message, pos) => loader.problems.push({ path: pos.file, line: pos.line, message }));
        for (const file of await loader.variableFiles(config.dir, varFiles))
            for (const [name, value] of await readVariableFile(loader, file))
                inputs.set(name, value);
        // The root exists before its module sources are loaded: early evaluation reads its variables.
        const root = new ModuleInstance(config, '', '', inputs, environment(loader, config, sources, cycles), true);
        await preload(loader, config, config, '', sources, [{ dir: config.dir, name: '' }], cycles, () => root, early);
        roots.push(root);
    }
    // A folder another root calls through a source evaluated early is that root's module.
    return roots.filter(root => !early.has(root.config.dir));
}

;// CONCATENATED MODULE: ./src/terraform/model.ts
/**
 * check's findings, as every format's reader produces them: the neutral model lives in
 * src/model/check.ts; Terraform's modules keep importing it from here.
 */


;// CONCATENATED MODULE: ./src/terraform/config/discover.ts



const DEFAULT_ROLE = `arn:${THIS_PARTITION}:iam::${THIS_ACCOUNT}:${model_check/* SLR_PATH */.at}`;
const KEY_TYPES = new Set([
    'aws_kms_key',
    'aws_kms_replica_key',
    'aws_kms_external_key',
    'aws_kms_replica_external_key'
]);
/** Every module instance below the roots, depth first. */
function allInstances(roots) {
    const out = [];
    const visit = (instance, depth) => {
        out.push(instance);
        if (depth > 20)
            return;
        for (const child of instance.children())
            visit(child, depth + 1);
    };
    for (const root of roots)
        visit(root, 0);
    return out;
}
class Index {
    byAddress = new Map();
    byType = new Map();
    constructor(instances) {
        for (const module of instances)
            for (const resource of module.allResources()) {
                this.byAddress.set(`${module.rootDir}|${resource.fullAddress}`, resource);
                const list = this.byType.get(resource.type) ?? [];
                list.push(resource);
                this.byType.set(resource.type, list);
            }
    }
    ofType(type) {
        return this.byType.get(type) ?? [];
    }
    /** The resource instance an unknown attribute belongs to. */
    resolve(value) {
        if (!(value instanceof Unknown) || !value.ref)
            return undefined;
        const { module, address, root } = value.ref;
        return this.byAddress.get(`${root}|${module ? `${module}.${address}` : address}`);
    }
}
function safe(fn, fallback) {
    try {
        return fn();
    }
    catch (error) {
        return fallback(error);
    }
}
/** An attribute's value, or an unknown saying where and why it could not be evaluated. */
function attributeOrUnknown(instance, name) {
    return safe(() => instance.attribute(name) ?? null, e => new Unknown([
        {
            what: `${instance.fullAddress}.${name}`,
            pos: instance.attributePos(name),
            how: e.message
        }
    ]));
}
/** What a kms_key_id (or key_id, target_key_id) value names. */
function keyTargets(value, index, pos, depth = 0) {
    if (depth > 10)
        return [{ kind: 'unknown', causes: [], pos, text: 'a chain of aliases' }];
    if (value instanceof Unknown) {
        const instance = index.resolve(value);
        if (instance && KEY_TYPES.has(instance.type))
            return [{ kind: 'key', instance }];
        if (instance?.type === 'aws_kms_alias')
            return keyTargets(safe(() => instance.attribute('target_key_id') ?? null, e => new Unknown([{ what: `${instance.fullAddress}.target_key_id`, pos, how: e.message }])), index, instance.attributePos('target_key_id'), depth + 1);
        if (value.candidates.length) {
            const known = value.candidates.filter(c => c !== null);
            return [
                ...known.flatMap(c => keyTargets(c, index, pos, depth + 1)),
                { kind: 'unknown', causes: value.causes, pos, text: 'which key a conditional picks' }
            ];
        }
        if (value.ref &&
            value.ref.type.startsWith('aws_kms') &&
            value.ref.address.startsWith('data.')) {
            return [
                {
                    kind: 'outside',
                    value: `${value.ref.module ? `${value.ref.module}.` : ''}${value.ref.address}`,
                    pos
                }
            ];
        }
        return [{ kind: 'unknown', causes: value.causes, pos, text: value.text() }];
    }
    if (typeof value === 'string') {
        const alias = /(?:^|:)(alias\/.+)$/.exec(value)?.[1];
        if (alias) {
            for (const candidate of index.ofType('aws_kms_alias')) {
                const name = safe(() => candidate.attribute('name'), () => undefined);
                if (name === alias)
                    return keyTargets(safe(() => candidate.attribute('target_key_id') ?? null, () => null), index, candidate.attributePos('target_key_id'), depth + 1);
            }
            if (alias === 'alias/aws/ebs')
                return [];
        }
        return [{ kind: 'outside', value, pos }];
    }
    return [];
}

;// CONCATENATED MODULE: ./src/terraform/config/references.ts
/** `type.name` of every resource an expression tree refers to (`aws_launch_template.ng.id`). */
function collect(node, out) {
    if (Array.isArray(node)) {
        for (const item of node)
            collect(item, out);
        return;
    }
    if (!node || typeof node !== 'object')
        return;
    if (node instanceof Map) {
        for (const value of node.values())
            collect(value, out);
        return;
    }
    const expr = node;
    if (expr.kind === 'attr' && expr.target?.kind === 'variable')
        out.add(`${expr.target.name}.${expr.name}`);
    for (const [field, value] of Object.entries(node))
        if (field !== 'pos' && typeof value === 'object')
            collect(value, out);
}
function referencesIn(body) {
    const out = new Set();
    collect(body, out);
    return out;
}
/** Who in its own module refers to the resource `address` (`type.name`). */
function referrersOf(config, address) {
    const resources = [...config.resources.entries()]
        .filter(([key, decl]) => key !== address && referencesIn(decl.body).has(address))
        .map(([key]) => key);
    const named = (expr) => {
        const out = new Set();
        collect(expr, out);
        return out.has(address);
    };
    const handedOn = [...config.outputs.values(), ...config.locals.values()].some(a => named(a.expr)) ||
        [...config.modules.values()].some(call => named(call.body));
    return { resources, handedOn };
}

;// CONCATENATED MODULE: ./src/terraform/config/uses.ts




function get(block, name) {
    const isBlock = block instanceof LazyObject && 'pos' in block;
    const blockPos = isBlock ? block.pos : block.decl.pos;
    return safe(() => block.get(name, blockPos), error => new Unknown([
        {
            what: name,
            // The attribute's own line: that is what the user edits.
            pos: isBlock
                ? (block.body.attributes.get(name)?.pos ?? blockPos)
                : block.attributePos(name),
            how: `it could not be evaluated: ${error.message}`
        }
    ]));
}
function blocksOf(value) {
    return Array.isArray(value) ? value.filter(v => v instanceof LazyObject) : [];
}
/** kms_key_id of each EBS device of a launch template (dynamic blocks expanded). */
function deviceKeys(template) {
    const out = [];
    for (const mapping of safe(() => template.blocks('block_device_mappings'), () => [])) {
        const device = get(mapping, 'device_name');
        for (const ebs of blocksOf(get(mapping, 'ebs'))) {
            const key = ebs.body.attributes.get('kms_key_id');
            out.push({
                value: get(ebs, 'kms_key_id'),
                device: typeof device === 'string' ? device : 'a device',
                pos: key?.pos ?? ebs.pos,
                encrypted: get(ebs, 'encrypted')
            });
        }
    }
    return out;
}
function templateOf(consumer, index) {
    const specs = [
        ...consumer.blocks('launch_template'),
        ...consumer
            .blocks('mixed_instances_policy')
            .flatMap(m => blocksOf(get(m, 'launch_template')))
            .flatMap(l => blocksOf(get(l, 'launch_template_specification')))
    ];
    for (const spec of specs) {
        for (const field of ['id', 'launch_template_id', 'name', 'launch_template_name']) {
            if (!spec.body.attributes.has(field))
                continue;
            const value = get(spec, field);
            const template = index.resolve(value);
            if (template?.type === 'aws_launch_template')
                return { template };
            if (typeof value === 'string') {
                const byName = index.ofType('aws_launch_template').find(t => safe(() => t.attribute('name'), () => undefined) === value);
                if (byName)
                    return { template: byName };
                return {};
            }
            if (value instanceof Unknown && !value.ref)
                return { templateUnknown: value.causes };
        }
    }
    return {};
}
function consumers(index) {
    const out = [];
    for (const instance of index.ofType('aws_eks_node_group'))
        out.push({ instance, ...templateOf(instance, index), role: DEFAULT_ROLE });
    for (const instance of index.ofType('aws_autoscaling_group')) {
        const role = safe(() => instance.attribute('service_linked_role_arn') ?? null, () => null);
        out.push({ instance, ...templateOf(instance, index), role: role ?? DEFAULT_ROLE });
    }
    return out;
}
function roleText(role) {
    if (typeof role === 'string')
        return role;
    if (role instanceof Unknown)
        return role.text();
    return DEFAULT_ROLE;
}
function ebsDefaults(index) {
    const toggles = index.ofType('aws_ebs_encryption_by_default');
    const byDefault = toggles.length === 0
        ? 'unknown'
        : toggles.some(r => {
            const enabled = safe(() => r.attribute('enabled'), () => true);
            return enabled !== false && enabled !== 'false';
        });
    const instance = index.ofType('aws_ebs_default_kms_key')[0];
    return { key: instance ? { value: get(instance, 'key_arn'), instance } : undefined, byDefault };
}
/** Which key a volume encrypted without a kms_key_id gets: the default key, unknown, or none of ours. */
function defaultKeyTargets(defaults, encrypted, index, what) {
    if (!defaults.key)
        return [];
    const explicit = encrypted === true || encrypted === 'true';
    if (explicit || defaults.byDefault === true)
        return keyTargets(defaults.key.value, index, defaults.key.instance.decl.pos);
    if (defaults.byDefault === false)
        return [];
    return [
        {
            kind: 'unknown',
            text: `the account default EBS key (${defaults.key.instance.fullAddress})`,
            pos: defaults.key.instance.decl.pos,
            causes: [
                {
                    what: `whether ${what} is encrypted with the account default EBS key`,
                    pos: defaults.key.instance.decl.pos,
                    how: 'EBS encryption by default is not declared in this configuration (aws_ebs_encryption_by_default): declare it, or set encrypted = true or kms_key_id on the device'
                }
            ]
        }
    ];
}
function where(instance) {
    return { file: instance.decl.pos.file, line: instance.decl.pos.line };
}
/** Every (key, use) pair of the configuration. */
function keyUses(index) {
    const uses = [];
    const used = new Set();
    const defaults = ebsDefaults(index);
    const fromTemplate = (template, consumer, role, orphan = false) => {
        used.add(template);
        const devices = deviceKeys(template);
        const shownTemplate = visiblePos(template.module, template.decl.pos);
        const site = (via, file, line) => ({
            consumer,
            via,
            role: roleText(role),
            file,
            line,
            ...(orphan ? { orphan: true } : {})
        });
        if (devices.length === 0) {
            // No block device of its own: the AMI's root volume, encrypted only by the account defaults.
            for (const target of defaultKeyTargets(defaults, null, index, `${template.fullAddress}'s root volume`))
                uses.push({
                    target,
                    site: site(`${template.fullAddress} (the AMI's root volume, no block_device_mappings), so the account default EBS key (${defaults.key.instance.fullAddress})`, shownTemplate.file, shownTemplate.line)
                });
            return;
        }
        for (const device of devices) {
            const via = `${template.fullAddress} (${device.device})`;
            const shown = visiblePos(template.module, device.pos);
            if (device.value === null) {
                for (const target of defaultKeyTargets(defaults, device.encrypted, index, via))
                    uses.push({
                        target,
                        site: site(`${via}, which names no key, so the account default EBS key (${defaults.key.instance.fullAddress})`, shown.file, shown.line)
                    });
                continue;
            }
            for (const target of keyTargets(device.value, index, device.pos))
                uses.push({ target, site: site(via, shown.file, shown.line) });
        }
    };
    for (const consumer of consumers(index)) {
        const name = consumer.instance.fullAddress;
        if (consumer.template)
            fromTemplate(consumer.template, name, consumer.role);
        else if (consumer.templateUnknown)
            uses.push({
                target: {
                    kind: 'unknown',
                    causes: consumer.templateUnknown,
                    pos: consumer.instance.decl.pos,
                    text: 'the launch template'
                },
                site: {
                    consumer: name,
                    via: 'a launch template that cannot be named',
                    role: roleText(consumer.role),
                    ...where(consumer.instance)
                }
            });
        else
            for (const target of defaultKeyTargets(defaults, null, index, `${name}'s volumes`))
                uses.push({
                    target,
                    site: {
                        consumer: name,
                        via: `the account default EBS key (${defaults.key.instance.fullAddress}), as it uses no launch template`,
                        role: roleText(consumer.role),
                        ...where(consumer.instance)
                    }
                });
    }
    // A launch template no group here launches from: an output, a module call or a local may hand
    // it to a group elsewhere, and so may its name. One that only other resources here name (an
    // aws_instance, or a group with count = 0) launches no Auto Scaling instance.
    for (const template of index.ofType('aws_launch_template')) {
        if (used.has(template))
            continue;
        const referrers = referrersOf(template.module.config, template.decl.type + '.' + template.decl.name);
        if (referrers.resources.length > 0 && !referrers.handedOn)
            continue;
        fromTemplate(template, template.fullAddress, DEFAULT_ROLE, true);
    }
    return uses;
}

;// CONCATENATED MODULE: ./src/terraform/config/launchers.ts



const LAUNCHER_NAME = {
    karpenter: 'Karpenter',
    'auto-mode': 'EKS Auto Mode'
};
const ROLE_NAME = {
    karpenter: 'the Karpenter controller role',
    'auto-mode': 'the cluster IAM role'
};
/** A role value as text the key policy's principals compare with (iam-statement.ts names resources the same way). */
function roleOf(value, what) {
    if (typeof value === 'string')
        return value;
    if (value instanceof Unknown && value.ref)
        return `${value.ref.module ? `${value.ref.module}.` : ''}${value.ref.address}.${value.ref.attribute}`;
    return `\${${what}: ${value instanceof Unknown ? value.causes.map(c => `${c.what} (${c.how})`).join('; ') || 'not known before apply' : 'not set'}}`;
}
function autoMode(cluster) {
    return safe(() => cluster.blocks('compute_config').some(b => b.get('enabled', b.pos) === true), () => false);
}
function irsaRole(release) {
    for (const set of safe(() => release.blocks('set'), () => [])) {
        const name = set.get('name', set.pos);
        if (typeof name === 'string' && /role-arn$/.test(name))
            return set.get('value', set.pos);
    }
    return undefined;
}
function launchersIn(index) {
    const out = [];
    for (const cluster of index.ofType('aws_eks_cluster'))
        if (autoMode(cluster))
            out.push({
                kind: 'auto-mode',
                role: roleOf(attributeOrUnknown(cluster, 'role_arn'), `the role_arn of ${cluster.fullAddress}`),
                source: cluster.fullAddress,
                pos: cluster.decl.pos
            });
    for (const association of index.ofType('aws_eks_pod_identity_association')) {
        const account = attributeOrUnknown(association, 'service_account');
        if (account !== 'karpenter')
            continue;
        out.push({
            kind: 'karpenter',
            role: roleOf(attributeOrUnknown(association, 'role_arn'), `the role_arn of ${association.fullAddress}`),
            source: association.fullAddress,
            pos: association.decl.pos
        });
    }
    for (const release of index.ofType('helm_release')) {
        const chart = `${String(attributeOrUnknown(release, 'chart'))} ${String(attributeOrUnknown(release, 'repository'))}`;
        if (!/karpenter/.test(chart) || /karpenter-crd/.test(chart))
            continue;
        const irsa = irsaRole(release);
        if (irsa !== undefined)
            out.push({
                kind: 'karpenter',
                role: roleOf(irsa, `the IRSA role of ${release.fullAddress}`),
                source: release.fullAddress,
                pos: release.decl.pos
            });
        else if (!out.some(l => l.kind === 'karpenter'))
            out.push({
                kind: 'karpenter',
                role: `\${the Karpenter controller role: ${release.fullAddress} installs Karpenter, and no aws_eks_pod_identity_association for service account karpenter or IRSA role-arn value names its role in this configuration}`,
                source: release.fullAddress,
                pos: release.decl.pos
            });
    }
    return out;
}
function site(launcher, via, file, line) {
    return {
        consumer: `${LAUNCHER_NAME[launcher.kind]} (${launcher.source})`,
        via,
        role: launcher.role,
        file,
        line,
        launcher: launcher.kind
    };
}
/** Node classes, manifests and launchers as uses of keys, with the notes for launchers whose key is not said here. */
function launcherUses(index, found) {
    const launchers = launchersIn(index);
    const uses = [];
    const notes = [];
    const defaults = ebsDefaults(index);
    for (const key of found.keys) {
        const list = launchers.filter(l => l.kind === key.launcher);
        const named = list.length
            ? list
            : [
                {
                    kind: key.launcher,
                    role: `\${${ROLE_NAME[key.launcher]}: no ${key.launcher === 'karpenter' ? 'Karpenter installation (aws_eks_pod_identity_association for service account karpenter, helm_release of the chart)' : 'aws_eks_cluster with compute_config enabled'} is in this configuration}`,
                    source: key.nodeClass,
                    pos: key.pos
                }
            ];
        let targets;
        let via = `${key.nodeClass} (${key.device})`;
        if (key.value === null) {
            if (!defaults.key)
                continue;
            via += `, which names no key, so the account default EBS key (${defaults.key.instance.fullAddress})`;
            targets = keyTargets(defaults.key.value, index, defaults.key.instance.decl.pos);
        }
        else
            targets = keyTargets(key.value, index, key.pos);
        for (const launcher of named)
            for (const target of targets)
                uses.push({ target, site: site(launcher, via, key.pos.file, key.pos.line) });
    }
    if (launchers.length)
        for (const manifest of found.unread)
            for (const launcher of launchers.slice(0, 1))
                uses.push({
                    target: {
                        kind: 'unknown',
                        causes: manifest.causes,
                        pos: manifest.pos,
                        text: manifest.what
                    },
                    site: site(launcher, `the node classes in ${manifest.what}, which cannot be read`, manifest.pos.file, manifest.pos.line)
                });
    const customerKeys = [...KEY_TYPES].some(t => index.ofType(t).length > 0);
    for (const launcher of launchers) {
        if (found.keys.some(k => k.launcher === launcher.kind) || found.unread.length)
            continue;
        const at = launcher.pos;
        const nodeClass = launcher.kind === 'karpenter' ? 'EC2NodeClass' : 'NodeClass';
        const field = launcher.kind === 'karpenter'
            ? 'spec.blockDeviceMappings[].ebs.kmsKeyID'
            : 'spec.ephemeralStorage.kmsKeyID';
        if (defaults.key) {
            const via = `the built-in or default ${nodeClass} (no kmsKeyID), so the account default EBS key (${defaults.key.instance.fullAddress})`;
            for (const target of keyTargets(defaults.key.value, index, defaults.key.instance.decl.pos))
                uses.push({ target, site: site(launcher, via, at.file, at.line) });
            continue;
        }
        const cause = {
            what: `which key ${LAUNCHER_NAME[launcher.kind]}'s nodes use`,
            pos: at,
            how: `it is set in the cluster's ${nodeClass} (${field}), and no ${nodeClass} is in the checked paths: add its manifest to them (a YAML file, kubectl_manifest or kubernetes_manifest), or run verify against the cluster`
        };
        // Nothing here is encrypted with a customer managed key: the built-in classes use the account's default.
        if (!customerKeys) {
            notes.push(`${LAUNCHER_NAME[launcher.kind]} launches nodes (${launcher.source}); ${cause.what} is not said here: ${cause.how}.`);
            continue;
        }
        uses.push({
            target: { kind: 'unknown', causes: [cause], pos: at, text: cause.what },
            site: site(launcher, `${LAUNCHER_NAME[launcher.kind]}'s ${nodeClass}`, at.file, at.line)
        });
    }
    return { uses, notes };
}

;// CONCATENATED MODULE: ./src/terraform/config/manifests.ts
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


const HOLE = /__eks_kms_guard_hole_(\d+)__/;
function hole(index) {
    return `__eks_kms_guard_hole_${index}__`;
}
function launcherOf(doc) {
    const api = typeof doc.apiVersion === 'string' ? doc.apiVersion.split('/')[0] : '';
    if (doc.kind === 'EC2NodeClass' && api === 'karpenter.k8s.aws')
        return 'karpenter';
    if (doc.kind === 'NodeClass' && api === 'eks.amazonaws.com')
        return 'auto-mode';
    return undefined;
}
/** A written value, with its holes put back: one hole alone is that value, text around one is unknown. */
function filled(raw, holes) {
    if (typeof raw !== 'string')
        return raw === undefined ? null : raw;
    const whole = new RegExp(`^${HOLE.source}$`).exec(raw);
    if (whole)
        return holes[Number(whole[1])] ?? null;
    if (!HOLE.test(raw))
        return raw;
    const parts = raw.split(new RegExp(HOLE.source.replace('(\\d+)', '\\d+')));
    const causes = [...raw.matchAll(new RegExp(HOLE.source, 'g'))].flatMap(m => {
        const value = holes[Number(m[1])];
        return value instanceof Unknown ? value.causes : [];
    });
    return new Unknown(causes, parts);
}
/** The node class keys of one manifest document, already parsed to an object. */
function nodeClassKeys(doc, at, holes = []) {
    if (!values_isObject(doc))
        return [];
    const object = doc;
    const launcher = launcherOf(object);
    if (!launcher)
        return [];
    const metadata = (object.metadata ?? {});
    const name = `${String(object.kind)} ${typeof metadata.name === 'string' ? metadata.name : '(unnamed)'}`;
    const spec = (object.spec ?? {});
    if (launcher === 'auto-mode') {
        const storage = (spec.ephemeralStorage ?? {});
        return [
            {
                launcher,
                nodeClass: name,
                value: filled(storage.kmsKeyID, holes),
                pos: at(storage.kmsKeyID === undefined ? [] : ['spec', 'ephemeralStorage', 'kmsKeyID']),
                device: 'its ephemeral storage'
            }
        ];
    }
    const mappings = Array.isArray(spec.blockDeviceMappings) ? spec.blockDeviceMappings : undefined;
    // No mappings: the AMI family's defaults (encrypted, no key), so the account default EBS key.
    if (!mappings)
        return [
            { launcher, nodeClass: name, value: null, pos: at([]), device: 'its AMI default volume' }
        ];
    return mappings.map((raw, i) => {
        const mapping = (raw ?? {});
        const ebs = (mapping.ebs ?? {});
        return {
            launcher,
            nodeClass: name,
            value: filled(ebs.kmsKeyID, holes),
            pos: at(ebs.kmsKeyID === undefined
                ? ['spec', 'blockDeviceMappings', i]
                : ['spec', 'blockDeviceMappings', i, 'ebs', 'kmsKeyID']),
            device: typeof mapping.deviceName === 'string' ? mapping.deviceName : `device ${i + 1}`
        };
    });
}
/**
 * The node class keys of a YAML text (one document or many), each at its line: `firstLine` is
 * the line of the file the text starts on.
 */
function nodeClassesInYaml(text, file, firstLine = 1, holes = [], 
/** Every key at this position (a file() or templatefile() call: the call is what is shown). */
fixed) {
    if (!/kind:\s*["']?(EC2NodeClass|NodeClass)\b/.test(text))
        return { keys: [] };
    const lines = new yaml_dist/* LineCounter */.HN();
    const keys = [];
    let problem;
    for (const doc of (0,yaml_dist/* parseAllDocuments */.hR)(text, { lineCounter: lines })) {
        if (doc.errors.length) {
            problem ??= doc.errors[0].message.split('\n')[0];
            continue;
        }
        const at = (path) => {
            if (fixed)
                return fixed;
            const node = (path.length ? doc.getIn(path, true) : doc.contents);
            const offset = node?.range?.[0] ?? doc.contents?.range?.[0] ?? 0;
            return { file, line: firstLine - 1 + lines.linePos(offset).line };
        };
        keys.push(...nodeClassKeys(doc.toJS(), at, holes));
    }
    return { keys, problem };
}

;// CONCATENATED MODULE: ./src/terraform/config/manifest-sources.ts
/**
 * Where check finds node class manifests: kubectl_manifest (yaml_body: a heredoc, file() or
 * templatefile()), kubernetes_manifest (manifest: an HCL object or yamldecode(...)), and YAML
 * files in the checked paths. Every file is read through the workspace sandbox: check runs on
 * untrusted pull requests.
 */







/** At most this many YAML files are read from the checked paths. */
const YAML_FILES = 500;
function attempt(expr, instance, scope = instance.scope) {
    try {
        return evaluate(expr, scope);
    }
    catch (error) {
        return new Unknown([
            {
                what: `${instance.fullAddress}`,
                pos: expr.pos,
                how: `it could not be evaluated: ${error.message}`
            }
        ]);
    }
}
/** A template's text with its interpolations as holes, each hole's value kept (a key reference still names its key). */
function withHoles(parts, scope, instance) {
    if (parts.some(p => typeof p !== 'string' && (p.kind === 'tif' || p.kind === 'tfor')))
        return undefined;
    const holes = [];
    let text = '';
    for (const part of parts) {
        if (typeof part === 'string') {
            text += part;
            continue;
        }
        const value = attempt(part, instance, scope);
        if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
            text += String(value);
        else {
            text += hole(holes.length);
            holes.push(value);
        }
    }
    return { text, holes };
}
/** templatefile() of a file check can read: its template evaluated with the call's variables, holes kept. */
function templateFile(expr, instance) {
    if (expr.kind !== 'call' || expr.name !== 'templatefile' || expr.args.length !== 2)
        return undefined;
    const path = attempt(expr.args[0], instance);
    const vars = attempt(expr.args[1], instance);
    if (typeof path !== 'string' || !values_isObject(vars))
        return undefined;
    const text = instance.scope.readFile(path);
    if (typeof text !== 'string')
        return undefined;
    const template = instance.scope.parseTemplate(text, path);
    if (template.kind !== 'template')
        return undefined;
    const scope = {
        ...instance.scope,
        root: (name, at) => {
            if (name in vars)
                return vars[name];
            throw new EvalError(`the template ${path} uses "${name}", which is not passed to it`, at);
        }
    };
    return withHoles(template.parts, scope, instance);
}
/** A YAML text given by an expression: a heredoc or template's interpolations kept as values. */
function fromYamlExpr(expr, instance, what, out) {
    const pos = expr.pos;
    const notYaml = (problem) => {
        if (problem)
            out.problems.push({
                path: pos.file,
                line: pos.line,
                message: `${what} is not YAML: ${problem}`
            });
    };
    const heredoc = expr.kind === 'template' ? withHoles(expr.parts, instance.scope, instance) : undefined;
    if (heredoc) {
        // A heredoc's text starts on the line after its opener.
        const line = heredoc.text.includes('\n') ? pos.line + 1 : pos.line;
        const read = nodeClassesInYaml(heredoc.text, pos.file, line, heredoc.holes);
        out.keys.push(...read.keys);
        return notYaml(read.problem);
    }
    const template = templateFile(expr, instance);
    if (template) {
        const read = nodeClassesInYaml(template.text, pos.file, pos.line, template.holes, pos);
        out.keys.push(...read.keys);
        return notYaml(read.problem);
    }
    const value = attempt(expr, instance);
    if (typeof value === 'string') {
        const read = nodeClassesInYaml(value, pos.file, pos.line, [], pos);
        out.keys.push(...read.keys);
        return notYaml(read.problem);
    }
    if (value instanceof Unknown && value.parts) {
        const holes = value.parts.slice(1).map(() => new Unknown(value.causes));
        const text = value.parts.map((p, i) => (i ? hole(i - 1) : '') + p).join('');
        out.keys.push(...nodeClassesInYaml(text, pos.file, pos.line, holes, pos).keys);
        return;
    }
    if (value instanceof Unknown)
        out.unread.push({ what, pos, causes: value.causes });
}
/** A value with its lazy objects forced, for reading as a manifest. */
function plain(value, pos, depth = 0) {
    if (depth > 20)
        return null;
    if (value instanceof LazyObject)
        value = value.force(pos);
    if (Array.isArray(value))
        return value.map(v => plain(v, pos, depth + 1));
    if (value instanceof JsonDoc)
        return plain(value.value, pos, depth + 1);
    if (value && typeof value === 'object' && !(value instanceof Unknown))
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v, pos, depth + 1)]));
    return value;
}
function manifestsInResources(index) {
    const out = { keys: [], unread: [], problems: [] };
    for (const instance of index.ofType('kubectl_manifest')) {
        const attribute = instance.decl.body.attributes.get('yaml_body');
        if (attribute)
            fromYamlExpr(attribute.expr, instance, `${instance.fullAddress}'s yaml_body`, out);
    }
    for (const instance of index.ofType('kubernetes_manifest')) {
        const attribute = instance.decl.body.attributes.get('manifest');
        if (!attribute)
            continue;
        const expr = attribute.expr;
        const what = `${instance.fullAddress}'s manifest`;
        // yamldecode is read here, where the YAML's holes can keep their values.
        if (expr.kind === 'call' && expr.name === 'yamldecode' && expr.args.length === 1) {
            fromYamlExpr(expr.args[0], instance, what, out);
            continue;
        }
        const value = attempt(expr, instance);
        if (value instanceof Unknown) {
            out.unread.push({ what, pos: expr.pos, causes: value.causes });
            continue;
        }
        out.keys.push(...nodeClassKeys(plain(value, expr.pos), () => attribute.pos));
    }
    return out;
}
function yamlFilesUnder(dir, depth, out) {
    let entries;
    try {
        entries = (0,external_node_fs_.readdirSync)(dir, { withFileTypes: true });
    }
    catch {
        return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
        if (entry.name.startsWith('.') || entry.name === 'node_modules' || out.length >= YAML_FILES)
            continue;
        const path = (0,external_node_path_.join)(dir, entry.name);
        if ((entry.isFile() || entry.isSymbolicLink()) && /\.ya?ml$/.test(entry.name))
            out.push(path);
        else if (entry.isDirectory() && depth > 1)
            yamlFilesUnder(path, depth - 1, out);
    }
}
/** EC2NodeClass and NodeClass documents in the YAML files of the checked paths (folders walked, as for .tf files). */
function manifestsInFiles(paths, cwd, workspace) {
    const out = { keys: [], unread: [], problems: [] };
    const files = [];
    for (const raw of paths) {
        const absolute = (0,external_node_path_.isAbsolute)(raw) ? raw : (0,external_node_path_.resolve)(cwd, raw);
        let directory;
        try {
            directory = (0,external_node_fs_.statSync)(absolute).isDirectory();
        }
        catch {
            continue;
        }
        if (directory && workspace.isDirectoryInside(absolute))
            yamlFilesUnder(absolute, workspace.limits.globDepth, files);
        else if (!directory && /\.ya?ml$/.test(absolute))
            files.push(absolute);
    }
    for (const path of [...new Set(files)]) {
        workspace.checkDeadline();
        const read = workspace.read(path);
        const file = display(cwd, path);
        if (isRefusal(read)) {
            out.problems.push({ path: file, message: `not read: ${read.refused}` });
            continue;
        }
        if (!('text' in read))
            continue;
        const found = nodeClassesInYaml(read.text, file);
        out.keys.push(...found.keys);
        // A Helm template or other text that is not YAML: unread, said when a launcher is found.
        if (found.problem && found.keys.length === 0)
            out.unread.push({
                what: file,
                pos: { file, line: 1 },
                causes: [
                    {
                        what: `the node class in ${file}`,
                        pos: { file, line: 1 },
                        how: `it is not YAML check can read (${found.problem}), e.g. a Helm template rendered only at install: run verify against the cluster`
                    }
                ]
            });
    }
    return out;
}

;// CONCATENATED MODULE: ./src/terraform/judge/missing.ts
/**
 * Module calls whose source is not here (no `terraform init`, or a path that is not checked
 * out). Those that could create node groups or keys — by their source, or by what they are
 * given — are a "cannot tell"; nothing inside them can be checked. The others are a warning:
 * never skipped without a word. Each names where its source was looked for.
 */



const RELEVANT = /kms|node_?group|block_device|launch_template|worker|ebs|autoscal|eks/i;
function mentionsRelevant(value, depth = 0) {
    if (depth > 6)
        return false;
    if (value instanceof Unknown)
        return !!value.ref && value.ref.type.startsWith('aws_kms');
    if (value instanceof LazyObject)
        return false;
    if (Array.isArray(value))
        return value.some(v => mentionsRelevant(v, depth + 1));
    if (values_isObject(value))
        return Object.entries(value).some(([k, v]) => RELEVANT.test(k) || mentionsRelevant(v, depth + 1));
    return false;
}
function missingModules(instances, warn) {
    const out = [];
    for (const instance of instances) {
        for (const call of instance.config.modules.values()) {
            if (instance.env.child(instance, call) || instance.env.cyclic?.(instance, call))
                continue;
            const inputs = [...call.body.attributes.keys()];
            // A source not known statically (OpenTofu's early evaluation failed) could be anything.
            let relevant = !!call.sourceExpr || RELEVANT.test(call.source) || inputs.some(name => RELEVANT.test(name));
            if (!relevant)
                relevant = [...call.body.attributes.values()].some(a => {
                    try {
                        return mentionsRelevant(evaluate(a.expr, instance.scope));
                    }
                    catch {
                        return false;
                    }
                });
            const address = `${instance.path ? `${instance.path}.` : ''}module.${call.name}`;
            if (!relevant) {
                warn({
                    path: call.pos.file,
                    line: call.pos.line,
                    message: `the source of ${address} (${call.source}) is not here (looked for ${lookedFor(instance, call)}), so nothing in it was read; by its source and inputs it creates no node group or key. Run \`terraform init -backend=false\` before check.`
                });
                continue;
            }
            const cause = missingSource(call, call.pos, instance);
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
            });
        }
    }
    return out;
}

// EXTERNAL MODULE: ./src/kms/requirements.ts + 2 modules
var requirements = __webpack_require__(421);
;// CONCATENATED MODULE: ./src/terraform/judge/account.ts

const ROOT = /^arn:aws[\w-]*:iam::(\d{12}):root$/;
const ACCOUNT_OF = /^arn:aws[\w-]*:(?:iam|sts)::(\d{12}):/;
function awsPrincipals(statement) {
    const principal = statement.Principal;
    if (!principal || typeof principal !== 'object' || Array.isArray(principal))
        return [];
    const aws = principal.AWS;
    return (Array.isArray(aws) ? aws : [aws]).filter((p) => typeof p === 'string');
}
/** The account a policy written with literal ids is about, when it says so unambiguously. */
function literalAccountOf(statements) {
    const principals = statements.flatMap(awsPrincipals);
    const roots = new Set(principals.flatMap(p => (/^\d{12}$/.test(p) ? [p] : (ROOT.exec(p)?.slice(1) ?? []))));
    if (roots.size === 1)
        return [...roots][0];
    if (roots.size > 1)
        return undefined;
    const accounts = new Set(principals.flatMap(p => ACCOUNT_OF.exec(p)?.slice(1) ?? []));
    return accounts.size === 1 ? [...accounts][0] : undefined;
}
/** The statement with that literal account read as "this account" (ARNs, ids, conditions). */
function asThisAccount(statement, account) {
    const map = (value) => typeof value === 'string'
        ? value.split(account).join(THIS_ACCOUNT)
        : Array.isArray(value)
            ? value.map(map)
            : value && typeof value === 'object'
                ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, map(v)]))
                : value;
    return map(statement);
}
const AUTOSCALING_ROLE = /^arn:aws[\w-]*:iam::(\d{12}):role\/aws-service-role\/autoscaling\.amazonaws\.com\//;
/**
 * Auto Scaling roles the policy names in an account that is not this one. Once the account is
 * known (a literal root, or statements written in this account's terms), such a role never
 * matches, and an example copied with its account (123456789012) is the usual reason.
 */
function otherAccountsRoles(statements, accountKnown) {
    if (!accountKnown)
        return [];
    return statements.flatMap(awsPrincipals).filter(p => {
        const account = AUTOSCALING_ROLE.exec(p)?.[1];
        return account !== undefined && account !== THIS_ACCOUNT;
    });
}

// EXTERNAL MODULE: ./src/kms/wildcard.ts
var wildcard = __webpack_require__(8967);
;// CONCATENATED MODULE: ./src/terraform/judge/iam-statement.ts
/**
 * A statement as check evaluated it, in IAM's JSON form for the policy evaluator, decided for one
 * role and request context: every unknown part is either decided by its known part (a principal
 * or condition value whose known text already matches, or cannot) or left unknown with its causes.
 */


const SLR_ROLE = /:role\/aws-service-role\/[^/]+\/[\w+=,.@-]+$/;
function pattern(unknown) {
    return unknown.parts ? unknown.parts.join('*') : undefined;
}
/** A principal entry: the role, another principal, or unknown. */
function principalEntry(value, judge) {
    if (typeof value === 'string')
        return value;
    if (value instanceof Unknown) {
        if (value.ref && value.ref.type !== 'aws_iam_service_linked_role')
            // An aws_iam_role (or any other resource) is never a service-linked role.
            return `${value.ref.module ? `${value.ref.module}.` : ''}${value.ref.address}.${value.ref.attribute}`;
        const glob = pattern(value);
        if (glob !== undefined) {
            const tail = value.parts?.[value.parts.length - 1] ?? '';
            if (!(0,wildcard/* wildcardMatch */.U)(glob, judge.role, false))
                return value.text();
            // Only the partition or account is unknown: the role of this account, by its full path.
            const name = SLR_ROLE.exec(judge.role)?.[0];
            if (name && tail.endsWith(name))
                return judge.role;
        }
        judge.causes.push(...value.causes);
        return { unresolved: value.text() };
    }
    judge.causes.push(...(value instanceof JsonDoc ? [] : []));
    return { unresolved: JSON.stringify(value) };
}
function conditionValue(value, key, judge) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
        return value;
    if (value instanceof Unknown && value.parts) {
        const actual = Object.entries(judge.context).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
        if (actual !== undefined) {
            const glob = pattern(value);
            if (!(0,wildcard/* wildcardMatch */.U)(glob, actual, false))
                return value.text();
            // kms:ViaService = "ec2.${region}.amazonaws.com": the hole is the Region of the key, where
            // EC2 calls from; the service part is known and decides it.
            if (key.toLowerCase() === 'kms:viaservice' &&
                value.parts?.length === 2 &&
                /^[a-z0-9-]+\.$/.test(value.parts[0]) &&
                value.parts[1] === '.amazonaws.com')
                return actual;
        }
    }
    if (value instanceof Unknown)
        judge.causes.push(...value.causes);
    return { unresolved: value instanceof Unknown ? value.text() : JSON.stringify(value) };
}
function iam_statement_plain(value, judge) {
    if (value instanceof Unknown) {
        judge.causes.push(...value.causes);
        return { unresolved: value.text() };
    }
    if (value instanceof JsonDoc)
        return iam_statement_plain(value.value, judge);
    if (value instanceof LazyObject)
        return { unresolved: 'an object' };
    if (Array.isArray(value))
        return value.map(v => iam_statement_plain(v, judge));
    if (values_isObject(value))
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, iam_statement_plain(v, judge)]));
    return value;
}
/** One statement in IAM JSON, decided for one role and request context. */
function toStatement(statement, judge) {
    const out = {};
    for (const [field, value] of Object.entries(statement)) {
        if ((field === 'Principal' || field === 'NotPrincipal') && value instanceof Unknown) {
            // A principal whose type is unknown may be the role: neither "*" nor an object, the
            // evaluator leaves it undecided (an object would be read as a principal type).
            judge.causes.push(...value.causes);
            out[field] = value.text();
        }
        else if ((field === 'Principal' || field === 'NotPrincipal') && values_isObject(value)) {
            out[field] = Object.fromEntries(Object.entries(value).map(([type, entries]) => [
                type,
                Array.isArray(entries)
                    ? entries.map(e => principalEntry(e, judge))
                    : principalEntry(entries, judge)
            ]));
        }
        else if (field === 'Condition' && values_isObject(value)) {
            out.Condition = Object.fromEntries(Object.entries(value).map(([operator, block]) => [
                operator,
                values_isObject(block)
                    ? Object.fromEntries(Object.entries(block).map(([key, values]) => [
                        key,
                        Array.isArray(values)
                            ? values.map(v => conditionValue(v, key, judge))
                            : conditionValue(values, key, judge)
                    ]))
                    : iam_statement_plain(block, judge)
            ]));
        }
        else
            out[field] = iam_statement_plain(value, judge);
    }
    return out;
}

;// CONCATENATED MODULE: ./src/terraform/judge/grants.ts


/** A grant's constraints blocks (dynamic ones expanded); none is an empty list, not unknown. */
function constraintsOf(instance) {
    const blocks = instance.blocks('constraints');
    return blocks.length ? blocks : (instance.attribute('constraints') ?? []);
}
function grantsFor(key, index) {
    return index.ofType('aws_kms_grant').flatMap(instance => {
        try {
            const targets = keyTargets(instance.attribute('key_id') ?? null, index, instance.decl.pos);
            if (!targets.some(t => t.kind === 'key' && t.instance === key))
                return [];
            return [
                {
                    name: instance.fullAddress,
                    pos: instance.decl.pos,
                    grantee: instance.attribute('grantee_principal'),
                    operations: instance.attribute('operations'),
                    constraints: constraintsOf(instance)
                }
            ];
        }
        catch {
            return [];
        }
    });
}
/**
 * A grant as the key policy statement it amounts to, so it is judged under the same rules as the
 * policy's principals — literal account ids, a variable's default, data.aws_caller_identity, a
 * custom-suffix role all compare as they do in statements. A grant allows its grantee its
 * operations on this one key (docs.aws.amazon.com/kms/latest/developerguide/grants.html); its
 * constraints allow only requests whose encryption context matches them
 * (docs.aws.amazon.com/kms/latest/APIReference/API_GrantConstraints.html), which EBS's context
 * (the volume's id) is not known to do before a launch: as a condition on
 * kms:EncryptionContext:<key>, the evaluator leaves it "cannot tell".
 */
function grantStatement(grant) {
    const operations = grant.operations;
    const statement = {
        Sid: `aws_kms_grant ${grant.name}`,
        Effect: 'Allow',
        Principal: { AWS: grant.grantee },
        Action: operations instanceof Unknown
            ? operations
            : Array.isArray(operations)
                ? operations.map(o => (o instanceof Unknown ? o : `kms:${String(o)}`))
                : [],
        Resource: '*'
    };
    const condition = grantCondition(grant.constraints);
    if (condition)
        statement.Condition = condition;
    return statement;
}
function grantCondition(constraints) {
    if (constraints instanceof Unknown)
        return { StringEquals: { 'kms:EncryptionContextKeys': constraints } };
    const list = (Array.isArray(constraints) ? constraints : []);
    const equals = {};
    for (const block of list) {
        const object = block instanceof LazyObject ? block.force({ file: '', line: 0 }) : block;
        if (!values_isObject(object))
            continue;
        for (const name of ['encryption_context_equals', 'encryption_context_subset']) {
            const map = object[name];
            if (map instanceof Unknown)
                equals['kms:EncryptionContextKeys'] = map;
            else if (values_isObject(map))
                for (const [k, v] of Object.entries(map))
                    equals[`kms:EncryptionContext:${k}`] = v;
        }
    }
    return Object.keys(equals).length ? { StringEquals: equals } : undefined;
}

;// CONCATENATED MODULE: ./src/terraform/judge/golden-ami.ts


const REENCRYPT = 'autoscaling-reencrypt';
/**
 * The guide's use requirement split in two: kms:ReEncryptFrom / kms:ReEncryptTo are asked of
 * the key only when a volume is created from a snapshot encrypted under a different key — an
 * encrypted golden AMI whose snapshots use another key (EBS re-encrypts the copy; see the EBS
 * user guide, "How EBS encryption works", and the EC2 Auto Scaling guide's key policy, which
 * grants ReEncrypt* for that case). Launches from AMIs with unencrypted snapshots (the public
 * EKS-optimised AMIs) do not call them. The fix still adds the whole guide statement.
 */
function splitReEncrypt(needed) {
    const reencrypt = (r) => /^kms:ReEncrypt/.test(r.action);
    return needed.flatMap(requirement => requirement.id !== 'autoscaling-use'
        ? [requirement]
        : [
            { ...requirement, requests: requirement.requests.filter(r => !reencrypt(r)) },
            { ...requirement, id: REENCRYPT, requests: requirement.requests.filter(reencrypt) }
        ]);
}
/**
 * Whether the configuration shows the AMI of a launch template that uses this key has snapshots
 * encrypted under another key: its image_id is an aws_ami_copy (or aws_ami) declared here with
 * encryption on and a kms_key_id that is not this key (none: the account's aws/ebs key).
 */
function goldenAmiOf(key, index) {
    for (const template of index.ofType('aws_launch_template')) {
        let image;
        try {
            image = template.attribute('image_id');
        }
        catch {
            continue;
        }
        const ref = image instanceof Unknown ? image.ref : undefined;
        if (!ref || (ref.type !== 'aws_ami_copy' && ref.type !== 'aws_ami'))
            continue;
        const ami = index
            .ofType(ref.type)
            .find(r => r.decl.pos && r.fullAddress.replace(/\[.*\]$/, '') === ref.address);
        if (!ami)
            continue;
        try {
            const encrypted = ref.type === 'aws_ami_copy'
                ? ami.attribute('encrypted') === true
                : ami.blocks('ebs_block_device').some(b => b.force(ami.decl.pos).encrypted === true);
            if (!encrypted)
                continue;
            const keyOf = ref.type === 'aws_ami_copy'
                ? (ami.attribute('kms_key_id') ?? null)
                : (ami.blocks('ebs_block_device')[0]?.force(ami.decl.pos).kms_key_id ?? null);
            const same = keyTargets(keyOf, index, ami.decl.pos).some(t => t.kind === 'key' && t.instance === key);
            if (!same)
                return `${template.fullAddress} launches from ${ami.fullAddress}, whose snapshots are encrypted under ${keyOf === null ? "the account's aws/ebs key" : 'another key'}`;
        }
        catch {
            continue;
        }
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/terraform/judge/verdict.ts
/**
 * One key's verdict: does its policy (or an aws_kms_grant) give the Auto Scaling service-linked
 * role of each group that launches with it what the EC2 Auto Scaling guide requires? Decided by
 * the same policy evaluator as verify and deploy, with unknown parts decided where their known
 * part decides, and otherwise said, with where they are and how to make them known.
 */







const CHECK_REGION = 'us-east-1';
function what(status) {
    return status.requirement.id === 'autoscaling-grants'
        ? 'kms:CreateGrant (with kms:GrantIsForAWSResource)'
        : status.requirement.id === REENCRYPT
            ? 'kms:ReEncrypt*'
            : 'Encrypt, Decrypt, ReEncrypt*, GenerateDataKey* and DescribeKey';
}
/** What the requirements ask, once: the use statement's actions already name kms:ReEncrypt*. */
function whatOf(statuses) {
    const useAsked = statuses.some(s => s.requirement.id === 'autoscaling-use');
    const asked = useAsked ? statuses.filter(s => s.requirement.id !== REENCRYPT) : statuses;
    return [...new Set(asked.map(what))].join(' and ');
}
function at(location) {
    return location.file ? ` at ${location.file}${location.line ? `:${location.line}` : ''}` : '';
}
const SERVICE_PRINCIPAL = 'autoscaling.amazonaws.com';
/** The verdict on one key's policy and grants, for the roles of the groups that use it. */
function judge(input) {
    const { read, uses, address, grants } = input;
    const account = input.account ?? THIS_ACCOUNT;
    const base = {
        key: address,
        file: read.pos.file,
        line: read.pos.line,
        style: read.style,
        uses,
        decidedBy: [],
        unknowns: []
    };
    if (!read.statements) {
        return {
            ...base,
            status: 'unknown',
            unknowns: mergeCauses([new Unknown(read.causes)]),
            message: `Cannot tell whether ${address} lets the Auto Scaling service-linked role use it: ${read.reason ?? 'its policy is not known before apply'}${read.causes.length ? ` (unknown: ${read.causes.map(c => c.what).join(', ')})` : ''}.`
        };
    }
    const roles = [...new Set(uses.map(u => u.role))];
    const causes = [];
    const missing = [];
    const denied = [];
    const open = [];
    /** Missing, but needed only under a condition the configuration does not show (ReEncrypt*). */
    const conditional = [];
    const deciders = [];
    // The grants on this key after the policy's statements: an index past the policy's is a grant.
    const written = [
        ...read.statements,
        ...grants.map(g => ({ value: grantStatement(g), pos: g.pos, grant: g }))
    ];
    let fixRole = roles[0];
    const foreignRoles = [];
    for (const role of roles) {
        if (role.includes('${')) {
            causes.push({
                what: `the service-linked role ${role}`,
                how: 'set service_linked_role_arn to a known value, or pass plan-json'
            });
            open.push(...(0,requirements/* requirements */.Ln)({ autoscalingRoleArn: role, region: CHECK_REGION, account }).map(requirement => ({ requirement, status: 'unknown', statements: [], reasons: [] })));
            continue;
        }
        const needed = splitReEncrypt((0,requirements/* requirements */.Ln)({ autoscalingRoleArn: role, region: CHECK_REGION, account }));
        const judge = { role, context: needed[0].requests[0].context, causes: [] };
        const statements = written.map(s => toStatement(s.value, judge));
        // A policy written with literal account ids (the AWS docs' examples) means this account by
        // its number: read that number as "this account" (plan JSON knows the account itself).
        const literal = input.account === undefined ? literalAccountOf(statements) : undefined;
        const policy = {
            Version: '2012-10-17',
            Statement: literal ? statements.map(st => asThisAccount(st, literal)) : statements
        };
        const accountKnown = literal !== undefined || JSON.stringify(policy.Statement).includes(`::${THIS_ACCOUNT}:root`);
        foreignRoles.push(...otherAccountsRoles(policy.Statement, accountKnown));
        // The group's role written with the same literal account is this account's role too.
        const asRole = literal ? role.split(`::${literal}:`).join(`::${THIS_ACCOUNT}:`) : role;
        for (const status of (0,requirements/* checkRequirements */.z4)(policy, `arn:aws:kms:${CHECK_REGION}:${account}:key/00000000-0000-0000-0000-000000000000`, asRole === role
            ? needed
            : splitReEncrypt((0,requirements/* requirements */.Ln)({ autoscalingRoleArn: asRole, region: CHECK_REGION, account })))) {
            if (status.status === 'granted' || status.status === 'denied')
                for (const s of status.statements.map(i => written[i])) {
                    const grant = 'grant' in s ? s.grant : undefined;
                    deciders.push(grant
                        ? { kind: 'grant', name: grant.name, file: grant.pos?.file, line: grant.pos?.line }
                        : {
                            kind: 'statement',
                            name: typeof s.value.Sid === 'string' ? s.value.Sid : '(no Sid)',
                            file: s.pos?.file,
                            line: s.pos?.line
                        });
                }
            if (status.status === 'missing' && status.requirement.id === REENCRYPT && !input.goldenAmi) {
                conditional.push(status);
                fixRole = role;
            }
            else if (status.status === 'missing') {
                missing.push(status);
                fixRole = role;
            }
            else if (status.status === 'denied')
                denied.push(status);
            else if (status.status === 'unknown')
                open.push(status);
        }
        if (open.length)
            causes.push(...judge.causes);
    }
    const decidedBy = deciders.filter((d, i) => deciders.findIndex(e => e.kind === d.kind && e.name === d.name) === i);
    const unknowns = mergeCauses([new Unknown(causes)]);
    const sp = read.statements.find(s => JSON.stringify(s.value.Principal ?? '').includes(`"${SERVICE_PRINCIPAL}"`));
    const spSid = sp ? (typeof sp.value.Sid === 'string' ? sp.value.Sid : '(no Sid)') : undefined;
    const names = decidedBy.map(d => `${d.kind} ${d.name}${at(d)}`).join(', ');
    if (denied.length) {
        // Only the Deny statements: the Allow statements the requirement also matched block nothing.
        const denyNames = [
            ...new Set(denied.flatMap(status => status.statements
                .map(i => written[i])
                .filter(st => st.value.Effect === 'Deny')
                .map(st => `statement ${typeof st.value.Sid === 'string' ? st.value.Sid : '(no Sid)'}${at(st.pos ?? {})}`)))
        ].join(', ') || names;
        return {
            ...base,
            status: 'denied',
            decidedBy,
            unknowns,
            message: `A Deny statement of ${address}'s policy blocks the Auto Scaling service-linked role (${denyNames}), whatever its Allow statements grant: every node launch with a volume encrypted by this key will be cancelled with Client.InvalidKMSKey.InvalidState.`
        };
    }
    if (missing.length) {
        const spText = spSid
            ? ` Statement ${spSid} names the service principal ${SERVICE_PRINCIPAL}, but EC2 Auto Scaling uses KMS as its service-linked role (arn:<partition>:iam::<account>:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling), so that statement grants the launches nothing.`
            : '';
        const foreign = [...new Set(foreignRoles)];
        const foreignText = foreign.length
            ? ` The policy names the Auto Scaling role of ${foreign.length === 1 ? 'another account' : 'other accounts'} (${foreign.join(', ')}), not this account's: a node group uses the role of its own account (copied from an example?).`
            : '';
        return {
            ...base,
            status: 'missing',
            decidedBy,
            unknowns,
            servicePrincipalSid: spSid,
            message: `The policy of ${address} does not grant the EC2 Auto Scaling service-linked role ${fixRole.replace(/^arn:[^:]+:iam::\d+:/, '')} ${whatOf(missing)}${grants.length ? ', and no aws_kms_grant gives it that' : ''}: ${missing.every(s => s.requirement.id === REENCRYPT) ? `${input.goldenAmi}, so EBS re-encrypts each volume with this key and ` : ''}every node launch with a volume encrypted by this key will be cancelled with Client.InvalidKMSKey.InvalidState.${spText}${foreignText}`,
            fix: input.fix(read.style, missing.map(s => s.requirement.statement), fixRole)
        };
    }
    if (conditional.length && !open.length) {
        const role = fixRole.replace(/^arn:[^:]+:iam::\d+:/, '');
        return {
            ...base,
            status: 'unknown',
            decidedBy,
            unknowns: [
                {
                    what: `whether the AMI of the launches that use ${address} has snapshots encrypted under another key`,
                    pos: uses[0]?.file ? { file: uses[0].file, line: uses[0].line ?? 1 } : undefined,
                    how: 'add kms:ReEncrypt* for the role, as the EC2 Auto Scaling guide’s policy does'
                }
            ],
            message: `The policy of ${address} grants the EC2 Auto Scaling service-linked role ${role} everything but kms:ReEncrypt*${grants.length ? ' (and no aws_kms_grant gives it that)' : ''}. EBS calls ReEncrypt* only when a volume's source snapshot is encrypted under a different key — an encrypted golden AMI: launches from such an AMI will be cancelled with Client.InvalidKMSKey.InvalidState; launches from AMIs with unencrypted snapshots (the EKS-optimised AMIs) work. The guide's policy includes it.`,
            fix: input.fix(read.style, conditional.map(s => s.requirement.statement), fixRole)
        };
    }
    if (open.length) {
        const reasons = [...new Set(open.flatMap(s => s.reasons))];
        return {
            ...base,
            status: 'unknown',
            decidedBy,
            unknowns,
            message: `Cannot tell whether the policy of ${address} grants the Auto Scaling service-linked role ${whatOf(open)}: ${unknowns.length ? `it depends on ${unknowns.map(c => `${c.what}${at(c.pos ?? {})}`).join(', ')}` : reasons.join('; ') || 'it depends on values known only at apply time'}.`
        };
    }
    return {
        ...base,
        status: 'granted',
        decidedBy,
        unknowns,
        message: `${address} lets the Auto Scaling service-linked role use it: ${names}.`
    };
}

;// CONCATENATED MODULE: ./src/terraform/plan/references.ts
/**
 * Follows what plan JSON's configuration says an expression references — through module
 * variables (to the caller's expression), module outputs and aliases — to the resource it is.
 */

/** `module.a["x"].module.b[0]` → ['a', 'b'] (configuration is per module, not per instance). */
function moduleNames(address) {
    return [...address.matchAll(/module\.([\w-]+)(?:\[[^\]]*\])?/g)].map(m => m[1]);
}
function splitAddress(address) {
    const match = /^((?:module\.[\w-]+(?:\[[^\]]*\])?\.)*)(.*)$/.exec(address);
    return { module: match[1].replace(/\.$/, ''), local: match[2] };
}
function configModule(plan, names) {
    let module = plan.root;
    for (const name of names)
        module = module?.module_calls?.[name]?.module;
    return module;
}
function references(expression) {
    const e = expression;
    return e?.references ?? [];
}
/**
 * Follows an expression's references to a resource of one of `types`: through variables (to the
 * caller's expression), module outputs, and aliases. Returns its address, or why it cannot.
 */
function follow(plan, module, refs, types, depth = 0) {
    if (depth > 12)
        return { reason: 'the reference chain is too long' };
    const names = moduleNames(module);
    const config = configModule(plan, names);
    // A module output that leads nowhere gives way to the expression's next reference.
    let passed;
    for (const ref of refs) {
        const parts = ref.split('.');
        if (parts[0] === 'var') {
            if (names.length === 0)
                return { reason: `var.${parts[1]} of the root module` };
            const parentModule = module.replace(/\.?module\.[\w-]+(?:\[[^\]]*\])?$/, '');
            const parent = configModule(plan, names.slice(0, -1));
            const call = parent?.module_calls?.[names[names.length - 1]];
            return follow(plan, parentModule, references(call?.expressions?.[parts[1]]), types, depth + 1);
        }
        if (parts[0] === 'module' && parts.length >= 3) {
            const child = config?.module_calls?.[parts[1]];
            const output = child?.module?.outputs?.[parts[2]];
            const prefix = `${module ? `${module}.` : ''}module.${parts[1]}`;
            const instance = [...plan.resources.keys()].find(a => a.startsWith(`${prefix}.`) || a.startsWith(`${prefix}[`));
            const childModule = instance ? splitAddress(instance).module : prefix;
            const found = follow(plan, childModule, references(output?.expression), types, depth + 1);
            if (found.address)
                return found;
            passed ??= found.reason;
            continue;
        }
        if (parts[0] === 'local')
            return { reason: `${ref} (plan JSON does not carry locals)` };
        const type = parts[0] === 'data' ? `data.${parts[1]}` : parts[0];
        if (!types.has(type) && type !== 'aws_kms_alias')
            continue;
        const base = parts[0] === 'data' ? parts.slice(0, 3).join('.') : parts.slice(0, 2).join('.');
        const full = `${module ? `${module}.` : ''}${base}`;
        const address = [...plan.resources.keys()].find(a => a === full || a.startsWith(`${full}[`));
        if (type === 'aws_kms_alias') {
            const alias = config?.resources?.find(r => r.address === base);
            const found = follow(plan, module, references(alias?.expressions?.target_key_id), types, depth + 1);
            if (found.address)
                return found;
            continue;
        }
        if (address)
            return { address };
        return { address: full };
    }
    return { reason: passed ?? (refs.length ? refs[0] : 'an expression with no reference') };
}
/** A key ARN, id or alias that a resource of the plan has. */
function byKnownId(plan, value) {
    for (const r of plan.resources.values()) {
        const v = r.values ?? {};
        if (KEY_TYPES.has(r.type) && (v.arn === value || v.key_id === value || v.id === value))
            return r.address;
        if (r.type === 'aws_kms_alias' &&
            (v.name === value || v.arn === value) &&
            typeof v.target_key_id === 'string')
            return byKnownId(plan, v.target_key_id) ?? undefined;
    }
    return undefined;
}
function keyReferences(plan, r) {
    const { module, local } = splitAddress(r.address);
    const config = configModule(plan, moduleNames(module))?.resources?.find(c => c.address === local.replace(/\[[^\]]*\]$/, ''));
    const found = follow(plan, module, references(config?.expressions?.key_id), KEY_TYPES);
    return found.address ? [found.address] : [];
}

;// CONCATENATED MODULE: ./src/terraform/plan/read.ts
/**
 * Reads `terraform show -json <plan>`: every resource of planned_values, prior_state (what the plan
 * leaves as it is) and resource_changes (after / after_unknown), nested modules included, by its
 * full address; and the configuration, whose expressions say what a value known only after apply
 * references.
 */


function read_collect(module, into) {
    if (!module)
        return;
    for (const r of module.resources ?? [])
        into.set(r.address, { ...into.get(r.address), ...r });
    for (const child of module.child_modules ?? [])
        read_collect(child, into);
}
async function readPlan(path) {
    let plan;
    const bytes = await (0,promises_.readFile)(path).catch((error) => {
        throw new Error(`Input 'plan-json' (${path}) could not be read: ${error.message}`, {
            cause: error
        });
    });
    // `terraform plan -out` writes a zip archive; check reads what `terraform show -json` prints.
    if (bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])))
        throw new Error(`Input 'plan-json' (${(0,external_node_path_.basename)(path)}) is a binary plan file, as terraform plan -out writes it: pass its JSON instead, from terraform show -json ${(0,external_node_path_.basename)(path)} > plan.json.`);
    try {
        plan = JSON.parse(bytes.toString('utf8'));
    }
    catch (error) {
        throw new Error(
        // Node's message quotes the text: say what, not the content.
        `Input 'plan-json' (${(0,external_node_path_.basename)(path)}) is not JSON, so not the output of terraform show -json.`, { cause: error });
    }
    if (!plan || typeof plan !== 'object' || !('format_version' in plan))
        throw new Error(`Input 'plan-json' (${(0,external_node_path_.basename)(path)}) is JSON but not a plan: terraform show -json <planfile> writes an object with format_version, planned_values and resource_changes.`);
    const resources = new Map();
    read_collect(plan.prior_state?.values?.root_module, resources);
    read_collect(plan.planned_values?.root_module, resources);
    for (const change of plan.resource_changes ?? []) {
        const known = resources.get(change.address);
        resources.set(change.address, {
            ...known,
            address: change.address,
            mode: change.mode,
            type: change.type,
            name: change.name,
            values: change.change?.after ?? known?.values,
            unknown: change.change?.after_unknown
        });
    }
    const identity = [...resources.values()].find(r => r.type === 'aws_caller_identity');
    return {
        path,
        display: (0,external_node_path_.basename)(path),
        resources,
        root: plan.configuration?.root_module,
        account: typeof identity?.values?.account_id === 'string' ? identity.values.account_id : undefined
    };
}

;// CONCATENATED MODULE: ./src/terraform/plan/outcome.ts





function devices(plan, template) {
    const mappings = template.values?.block_device_mappings ?? [];
    const unknownMappings = template.unknown?.block_device_mappings ?? [];
    const out = [];
    const { module, local } = splitAddress(template.address);
    const localBase = local.replace(/\[[^\]]*\]$/, '');
    const config = configModule(plan, moduleNames(module))?.resources?.find(r => r.address === localBase);
    mappings.forEach((mapping, i) => {
        const ebsList = mapping.ebs ?? [];
        ebsList.forEach((ebs, j) => {
            const device = String(mapping.device_name ?? 'a device');
            const known = ebs.kms_key_id;
            const expression = config?.expressions?.block_device_mappings?.[i]?.ebs?.[j]?.kms_key_id;
            // Unknown until apply; a null that the configuration sets from a reference is the same.
            const unknown = (unknownMappings[i]?.ebs ?? [])[j]
                ?.kms_key_id === true ||
                (known === null && references(expression).length > 0);
            if (typeof known === 'string' && known) {
                out.push({ template: template.address, device, key: byKnownId(plan, known) ?? known });
            }
            else if (unknown) {
                const found = follow(plan, module, references(expression), new Set([...KEY_TYPES, 'data.aws_kms_key']));
                out.push({ template: template.address, device, key: found.address, reason: found.reason });
            }
        });
    });
    return out;
}
function keyPolicy(plan, key) {
    const separate = [...plan.resources.values()].find(r => r.type === 'aws_kms_key_policy' &&
        (r.values?.key_id === key.values?.key_id ||
            (typeof r.values?.key_id !== 'string' && keyReferences(plan, r).includes(key.address))));
    const holder = separate ?? key;
    const text = holder.values?.policy;
    if (typeof text === 'string' && text) {
        try {
            const parsed = JSON.parse(text);
            const list = parsed.Statement;
            return { statements: Array.isArray(list) ? list : list ? [list] : [] };
        }
        catch {
            return { reason: 'its policy is not JSON' };
        }
    }
    if (holder.unknown?.policy === true) {
        const { module, local } = splitAddress(holder.address);
        const config = configModule(plan, moduleNames(module))?.resources?.find(r => r.address === local.replace(/\[[^\]]*\]$/, ''));
        const refs = references(config?.expressions?.policy);
        return {
            reason: `its policy is known only after apply${refs.length ? ` (it references ${refs.join(', ')})` : ''}`
        };
    }
    return {
        statements: [
            {
                Sid: 'Default key policy',
                Effect: 'Allow',
                Principal: { AWS: `arn:aws:iam::${plan.account ?? THIS_ACCOUNT}:root` },
                Action: 'kms:*',
                Resource: '*'
            }
        ]
    };
}
function grants(plan, key) {
    return [...plan.resources.values()]
        .filter(r => r.type === 'aws_kms_grant')
        .filter(r => (typeof r.values?.key_id === 'string' &&
        byKnownId(plan, r.values.key_id) === key.address) ||
        keyReferences(plan, r).includes(key.address))
        .map(r => ({
        name: r.address,
        pos: { file: plan.display },
        grantee: r.values?.grantee_principal,
        operations: r.values?.operations,
        constraints: r.values?.constraints
    }));
}
function consumersOf(plan, template) {
    const out = [];
    for (const r of plan.resources.values()) {
        if (r.type !== 'aws_eks_node_group' && r.type !== 'aws_autoscaling_group')
            continue;
        const spec = (r.values?.launch_template ?? [])[0];
        const id = spec?.id ?? spec?.name;
        const t = plan.resources.get(template);
        if (id && t && (id === t.values?.id || id === t.values?.name))
            out.push(r.address);
        else {
            const { module, local } = splitAddress(r.address);
            const config = configModule(plan, moduleNames(module))?.resources?.find(c => c.address === local.replace(/\[[^\]]*\]$/, ''));
            const lt = (config?.expressions?.launch_template ?? [])[0];
            const found = follow(plan, module, [...references(lt?.id), ...references(lt?.name)], new Set(['aws_launch_template']));
            if (found.address && (template === found.address || template.startsWith(`${found.address}[`)))
                out.push(r.address);
        }
    }
    return out;
}
/** Verdicts from the plan alone. */
function planChecks(plan) {
    // The account: from aws_caller_identity, else the key policies' own root principal.
    const rootPrincipal = [...plan.resources.values()]
        .map(r => typeof r.values?.policy === 'string'
        ? /arn:aws[\w-]*:iam::(\d{12}):root/.exec(r.values.policy)?.[1]
        : undefined)
        .find(Boolean);
    const account = plan.account ?? rootPrincipal ?? THIS_ACCOUNT;
    const role = DEFAULT_ROLE.replace(THIS_ACCOUNT, account);
    const byKey = new Map();
    for (const template of plan.resources.values()) {
        if (template.type !== 'aws_launch_template' || template.mode === 'data')
            continue;
        const groups = consumersOf(plan, template.address);
        for (const device of devices(plan, template)) {
            const id = device.key ?? `unknown:${template.address}:${device.device}`;
            const entry = byKey.get(id) ?? { uses: [], reason: device.reason };
            for (const consumer of groups.length ? groups : [template.address])
                entry.uses.push({
                    consumer,
                    via: `${template.address} (${device.device})`,
                    role,
                    file: plan.display
                });
            byKey.set(id, entry);
        }
    }
    const checks = [];
    for (const [id, { uses, reason }] of byKey) {
        const key = plan.resources.get(id);
        const base = { key: id, file: plan.display, style: 'plan', uses, decidedBy: [] };
        if (id.startsWith('unknown:') || !key) {
            const outside = !id.startsWith('unknown:');
            checks.push({
                ...base,
                key: outside ? id : `the key of ${uses[0].via}`,
                status: outside ? 'outside' : 'unknown',
                unknowns: [
                    {
                        what: outside ? `the key ${id}` : `kms_key_id of ${uses[0].via}`,
                        how: outside
                            ? 'it is not managed in this plan: run verify against the account'
                            : `the plan references ${reason ?? 'something'} that check cannot follow`
                    }
                ],
                message: outside
                    ? `The key ${id} is not managed in this plan; run verify against the account to check its policy.`
                    : `Cannot tell which key ${uses[0].via} uses: ${reason ?? 'it is known only after apply'}.`
            });
            continue;
        }
        const policy = keyPolicy(plan, key);
        checks.push(judge({
            address: id,
            read: {
                style: 'plan',
                pos: { file: plan.display, line: 0 },
                statements: policy.statements?.map(s => ({ value: s })),
                causes: policy.reason ? [{ what: `the policy of ${id}`, how: policy.reason }] : [],
                reason: policy.reason
            },
            uses,
            grants: grants(plan, key),
            account,
            fix: (_style, missing) => ['# Add to the Statement list of the key policy:', JSON.stringify(missing, null, 2)].join('\n')
        }));
    }
    return checks.map(c => ({ ...c, line: undefined }));
}
/** Joins the plan's verdicts with those from the .tf files: the plan decides what they could not. */
function applyPlan(plan, keys, notes) {
    const fromPlan = planChecks(plan);
    const decided = new Map(fromPlan.filter(k => k.status !== 'unknown').map(k => [k.key, k]));
    const coveredTemplates = new Set(fromPlan.flatMap(k => k.uses.map(u => u.via)));
    for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i];
        const better = decided.get(key.key);
        if (better && (key.status === 'unknown' || key.status === 'outside')) {
            keys[i] = { ...better, file: key.file ?? better.file, line: key.line ?? better.line };
            decided.delete(key.key);
        }
        else if (better)
            decided.delete(key.key);
        else if (key.status === 'unknown' &&
            key.uses.length &&
            key.uses.every(u => coveredTemplates.has(u.via)))
            keys.splice(i, 1);
    }
    const known = new Set(keys.map(k => k.key));
    for (const check of fromPlan)
        if (!known.has(check.key) && (decided.has(check.key) || check.status === 'unknown'))
            keys.push(check);
    notes.push(`Read the plan ${plan.display} (${plan.resources.size} resources).`);
}

;// CONCATENATED MODULE: ./src/model/check-findings.ts
/**
 * The findings every check reader builds the same way, whatever its format: a place that did not
 * parse, a key managed elsewhere, a key that depends on unknown values, and a key only launch
 * templates nobody here launches from use. Each format passes its own words for where and how.
 */

/** The key a launch template names, as a value: not managed in what check read. */
function outsideKey(value, pos, uses, said) {
    return {
        key: value,
        file: pos?.file,
        line: pos?.line,
        style: 'unknown',
        status: 'outside',
        uses,
        decidedBy: [],
        unknowns: [{ what: `the key ${value}`, pos: check_findings_at(pos), how: said.how }],
        message: said.message
    };
}
/** A launch template's key that depends on values check cannot know: each said with its place. */
function undecidedKey(names, pos, uses, causes) {
    const dependsOn = causes.length
        ? causes
            .map(c => `${c.what}${c.pos ? ` (${c.pos.file}:${c.pos.line})` : ''}: ${c.how}`)
            .join('; ')
        : names.text;
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
    };
}
/**
 * A file or expression that did not parse, as a "cannot tell" in the place it is: whatever is
 * written there — a launch template, a key, its policy, a value one of them uses — was not read,
 * so a green check would mean nothing ("read and right" is what a pass says).
 */
function unreadPlace(problem, said) {
    const where = `${problem.path}${problem.line ? `:${problem.line}` : ''}`;
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
    };
}
/**
 * A key only launch templates no group here launches from use: what would fail a launch is said,
 * but as "cannot tell" — whether any group launches from them is decided elsewhere.
 */
function onlyElsewhere(check, here) {
    if (!(0,model_check/* failsLaunches */.v1)(check.status) || !check.uses.every(u => u.orphan))
        return check;
    const templates = [...new Set(check.uses.map(u => u.via))].join(', ');
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
    };
}
function check_findings_at(pos) {
    return pos?.file && pos.line !== undefined ? { file: pos.file, line: pos.line } : undefined;
}
/**
 * The setting that makes a key unusable for EBS whatever its policy — disabled, or not a
 * symmetric encryption key (EBS supports only those) — with what it means; `disabledAs` is how the
 * format writes the disabled setting.
 */
function unusableSetting(settings, disabledAs) {
    const { enabled, usage, spec } = settings;
    if (enabled === false || enabled === 'false')
        return {
            setting: 'enabled',
            cause: 'kms-key-disabled',
            text: `is disabled (${disabledAs}): KMS refuses every use of a disabled key`
        };
    if (usage !== undefined && usage !== 'ENCRYPT_DECRYPT')
        return {
            setting: 'usage',
            cause: 'kms-key-unusable-spec',
            text: `is a ${usage} key: EBS encrypts only with symmetric ENCRYPT_DECRYPT keys`
        };
    if (spec !== undefined && spec !== 'SYMMETRIC_DEFAULT')
        return {
            setting: 'spec',
            cause: 'kms-key-unusable-spec',
            text: `is a ${spec} key: EBS encrypts only with symmetric (SYMMETRIC_DEFAULT) keys`
        };
    return undefined;
}

;// CONCATENATED MODULE: ./src/terraform/judge/key-state.ts


/**
 * A key no launch can use, whatever its policy: disabled, or not a symmetric encryption key (EBS
 * supports only those). Decided from literal settings only; an unknown one is left to the policy.
 */
function unusable(key, uses) {
    const setting = (name) => {
        try {
            const value = key.attribute(name);
            return typeof value === 'string' || typeof value === 'boolean' ? value : undefined;
        }
        catch {
            return undefined;
        }
    };
    // aws_kms_key says is_enabled; the replica and external key resources say enabled.
    const enabledAttribute = key.type === 'aws_kms_key' ? 'is_enabled' : 'enabled';
    const specAttribute = setting('customer_master_key_spec') !== undefined ? 'customer_master_key_spec' : 'key_spec';
    const found = unusableSetting({
        enabled: setting(enabledAttribute),
        usage: setting('key_usage'),
        spec: setting(specAttribute)
    }, `${enabledAttribute} = false`);
    const written = {
        enabled: { attribute: enabledAttribute, fix: `${enabledAttribute} = true` },
        usage: {
            attribute: 'key_usage',
            fix: 'key_usage = "ENCRYPT_DECRYPT" (a new key: the usage cannot be changed)'
        },
        spec: {
            attribute: specAttribute,
            fix: 'a SYMMETRIC_DEFAULT key (a new key: the spec cannot be changed)'
        }
    };
    const problem = found && { ...found, ...written[found.setting] };
    if (!problem)
        return undefined;
    const pos = visiblePos(key.module, key.attributePos(problem.attribute));
    return {
        key: key.fullAddress,
        file: pos.file,
        line: pos.line,
        style: 'none',
        status: 'unusable',
        unusableCause: problem.cause,
        uses,
        decidedBy: [],
        unknowns: [],
        message: `${key.fullAddress} ${problem.text}, so every node launch with a volume encrypted by it will be cancelled with Client.InvalidKMSKey.InvalidState.`,
        fix: problem.fix
    };
}

// EXTERNAL MODULE: ./src/render/hcl.ts
var hcl = __webpack_require__(5055);
// EXTERNAL MODULE: ./src/render/key-policy-hcl.ts
var key_policy_hcl = __webpack_require__(2852);
;// CONCATENATED MODULE: ./src/terraform/judge/fix-json.ts
const json = (value) => JSON.stringify(value, null, 2);
/** `data "aws_partition" "current" {}` → `{ "data": { "aws_partition": { "current": {} } } }`. */
function declarationsJson(declarations) {
    const data = {};
    for (const text of declarations) {
        const [, type, name] = /^data "([^"]+)" "([^"]+)"/.exec(text) ?? [];
        if (type)
            data[type] = { ...data[type], [name]: {} };
    }
    return json({ data });
}
/** A statement as the JSON form of an aws_iam_policy_document `statement` block. */
function documentStatement(s) {
    const principal = s.Principal;
    const block = {
        sid: s.Sid,
        effect: 'Allow',
        actions: Array.isArray(s.Action) ? s.Action : [s.Action],
        resources: ['*'],
        principals: [{ type: 'AWS', identifiers: [principal.AWS] }]
    };
    if (s.Condition)
        block.condition = [{ test: 'Bool', variable: 'kms:GrantIsForAWSResource', values: ['true'] }];
    return block;
}
function fixForJson(style, statements, declarations, where, role) {
    const prelude = declarations.length
        ? [
            `# In ${where}, declare what the statements name (merge into the file's "data"):`,
            declarationsJson(declarations),
            ''
        ]
        : [];
    switch (style) {
        case 'policy-document':
            return [
                ...prelude,
                '# Add to the "statement" list of the data "aws_iam_policy_document" of the key policy:',
                json(statements.map(documentStatement))
            ].join('\n');
        case 'kms-module':
            return [
                ...prelude,
                '# In the call of the KMS module that creates this key:',
                `"key_service_roles_for_autoscaling": ${JSON.stringify([role])}`
            ].join('\n');
        case 'none':
            return [
                ...prelude,
                '# The key has no policy, so it gets the default one (root only). Set one that keeps the root',
                '# statement and adds the Auto Scaling service-linked role:',
                `"policy": ${JSON.stringify(JSON.stringify({
                    Version: '2012-10-17',
                    Statement: [
                        {
                            Sid: 'EnableIAMUserPermissions',
                            Effect: 'Allow',
                            Principal: { AWS: role.replace(/:role\/.*$/, ':root') },
                            Action: 'kms:*',
                            Resource: '*'
                        },
                        ...statements
                    ]
                }))}`
            ].join('\n');
        default:
            return [...prelude, '# Add to the Statement list of the key policy:', json(statements)].join('\n');
    }
}

;// CONCATENATED MODULE: ./src/terraform/judge/fix.ts
/**
 * The fix, as Terraform in the style the key's policy is already written in, naming the role
 * only through what that module declares (or declaring what it needs first), so it passes
 * `terraform validate` when pasted.
 */




function declared(module, type) {
    const decl = [...module.config.resources.values()].find(r => r.mode === 'data' && r.type === type);
    if (!decl)
        return undefined;
    const indexed = decl.body.attributes.has('count') ? '[0]' : '';
    return `data.${type}.${decl.name}${indexed}`;
}
/** How the fix names the role, and what it must declare to do so. */
function roleExpression(module, role, index) {
    // A custom-suffix role declared in this module is named by its resource.
    const linked = index
        .ofType('aws_iam_service_linked_role')
        .find(r => r.module === module && safeGet(r) === role);
    if (linked)
        return { expression: `\${${linked.address}.arn}`, declarations: [] };
    const declarations = [];
    let partition = declared(module, 'aws_partition');
    let account = declared(module, 'aws_caller_identity');
    if (!partition) {
        declarations.push('data "aws_partition" "current" {}');
        partition = 'data.aws_partition.current';
    }
    if (!account) {
        declarations.push('data "aws_caller_identity" "current" {}');
        account = 'data.aws_caller_identity.current';
    }
    const path = role.replace(/^arn:[^:]+:iam::[^:]*:/, '');
    return {
        expression: `arn:\${${partition}.partition}:iam::\${${account}.account_id}:${path}`,
        declarations
    };
}
/**
 * A locals block naming the role's ARN once, split at its `:` parts so each line fits a report's
 * code block; none for a short expression or a style whose statements are not HCL.
 */
function namedRole(expression, style) {
    if (expression.length <= 60 || !['jsonencode', 'policy-document'].includes(style))
        return undefined;
    const parts = expression.split(/(?<=:iam::)|(?<=:)(?=role\/)/);
    return [
        '# The Auto Scaling service-linked role, named once:',
        'locals {',
        '  autoscaling_role_arn = join("", [',
        ...parts.map(part => `    ${JSON.stringify(part)},`),
        '  ])',
        '}'
    ];
}
function safeGet(r) {
    try {
        return r.get('arn', r.decl.pos);
    }
    catch {
        return undefined;
    }
}
function fixFor(style, missing, module, role, index, 
/** The policy is written in a .tf.json file: the fix is in JSON syntax. */
jsonSyntax = false) {
    const { expression, declarations } = roleExpression(module, role === '' ? DEFAULT_ROLE : role, index);
    const statements = missing.map(s => ({ ...s, Principal: { AWS: expression } }));
    if (jsonSyntax)
        return fixForJson(style, statements, declarations, module.path || 'the root module', expression);
    // In HCL the role's ARN (wider than a report's code block) is named once, in a local.
    const named = namedRole(expression, style);
    const hclStatements = named
        ? missing.map(s => ({ ...s, Principal: { AWS: '${local.autoscaling_role_arn}' } }))
        : statements;
    const prelude = [
        ...(declarations.length
            ? [
                `# In ${module.path || 'the root module'}, declare what the statements name:`,
                ...declarations,
                ''
            ]
            : []),
        ...(named ? [...named, ''] : [])
    ];
    switch (style) {
        case 'policy-document':
            return [
                ...prelude,
                '# Add to the data "aws_iam_policy_document" of the key policy:',
                (0,hcl/* bareLocals */.tu)((0,key_policy_hcl/* policyDocumentHcl */.$)(hclStatements, true))
            ].join('\n');
        case 'heredoc':
        case 'file':
            return [
                ...prelude,
                '# Add to the Statement list of the key policy JSON:',
                JSON.stringify(statements, null, 2)
            ].join('\n');
        case 'none':
            return [
                ...prelude,
                '# The key has no policy, so it gets the default one (root only). Set one that keeps the root',
                '# statement and adds the Auto Scaling service-linked role:',
                `policy = jsonencode(${(0,hcl/* hclValue */.nH)({ Version: '2012-10-17', Statement: [{ Sid: 'EnableIAMUserPermissions', Effect: 'Allow', Principal: { AWS: expression.replace(/:role\/.*$/, ':root') }, Action: 'kms:*', Resource: '*' }, ...statements] }, '', true)})`
            ].join('\n');
        case 'kms-module':
            return [
                ...prelude,
                '# In the call of the KMS module that creates this key:',
                `key_service_roles_for_autoscaling = [${JSON.stringify(expression)}]`
            ].join('\n');
        default:
            return [
                ...prelude,
                '# Add to the Statement list of the key policy (jsonencode):',
                (0,hcl/* bareLocals */.tu)(hclStatements.map(s => (0,hcl/* hclValue */.nH)(s, '', true)).join(',\n'))
            ].join('\n');
    }
}

// EXTERNAL MODULE: ./src/kms/launchers.ts
var launchers = __webpack_require__(3404);
;// CONCATENATED MODULE: ./src/terraform/judge/launcher.ts
/**
 * One key's verdict for the roles that launch nodes without EC2 Auto Scaling: Karpenter's
 * controller role and EKS Auto Mode's cluster role, each with its own requirements
 * (kms/launchers.ts). Unlike the Auto Scaling service-linked role, these roles can also be
 * granted by their IAM policies where the key policy delegates to the account: the configuration
 * shows those policies, so that case is decided from them, and is "cannot tell" only where some of
 * the role's policies are not declared here.
 */





const REGION = 'us-east-1';
const KEY_ARN = `arn:aws:kms:${REGION}:${THIS_ACCOUNT}:key/00000000-0000-0000-0000-000000000000`;
const WHO = { karpenter: 'Karpenter', 'auto-mode': 'EKS Auto Mode' };
const ROLE = { karpenter: 'controller role', 'auto-mode': 'cluster role' };
function shortRole(role) {
    return role.replace(/^arn:[^:]+:iam::\d+:/, '').replace(/\.arn$/, '');
}
function launcher_what(id) {
    return id === 'launcher-grants'
        ? 'kms:CreateGrant (with kms:GrantIsForAWSResource)'
        : 'Decrypt, ReEncrypt*, GenerateDataKeyWithoutPlaintext and DescribeKey';
}
function decide(statements, list, delegate) {
    const policy = { Version: '2012-10-17', Statement: statements };
    return (0,requirements/* checkRequirements */.z4)(policy, KEY_ARN, list.map(r => ({ ...r, identityMayGrant: delegate })));
}
/**
 * A role the configuration declares has no ARN before apply: it is named by its resource
 * (`module.karpenter.aws_iam_role.controller.arn`). The evaluator reads the account from an ARN,
 * so the role is compared as a role of this account under that name, in requests and principals.
 */
function asArn(role) {
    return role.startsWith('arn:') ? role : `arn:aws:iam::${THIS_ACCOUNT}:role/${role}`;
}
function withRoleArn(statement, role) {
    const swap = (entry) => (entry === role ? asArn(role) : entry);
    const principal = statement.Principal;
    if (!principal || typeof principal !== 'object' || Array.isArray(principal))
        return statement;
    const aws = principal.AWS;
    if (aws === undefined)
        return statement;
    return {
        ...statement,
        Principal: { ...principal, AWS: Array.isArray(aws) ? aws.map(swap) : swap(aws) }
    };
}
/** The requirements of one role, from the key policy and, where it delegates to the account, the role's IAM policies. */
function judgeRole(launcher, role, written, identity, causes) {
    const needed = (0,launchers/* launcherRequirements */.hm)({
        principal: { launcher, roleArn: asArn(role) },
        region: REGION,
        account: THIS_ACCOUNT
    });
    const judge = { role, context: needed[0].requests[0].context, causes: [] };
    const statements = written.map(s => withRoleArn(toStatement(s.value, judge), role));
    const keyOnly = decide(statements, needed, false);
    const delegated = decide(statements, needed, true);
    const out = [];
    needed.forEach((requirement, i) => {
        const own = keyOnly[i];
        if (own.status === 'granted' || own.status === 'denied' || delegated[i].status !== 'granted') {
            if (own.status === 'unknown')
                causes.push(...judge.causes);
            out.push(own);
            return;
        }
        // The key policy delegates to the account: the role's IAM policies decide.
        if (identity.hidden.length) {
            causes.push(...identity.hidden);
            out.push({ ...own, status: 'unknown', via: 'identity' });
            return;
        }
        const iamJudge = { ...judge, causes: [] };
        const iam = identity.statements.map(s => toStatement({ ...s.value, Principal: { AWS: asArn(role) } }, iamJudge));
        const [result] = decide(iam, [requirement], false);
        if (result.status === 'unknown')
            causes.push(...iamJudge.causes);
        out.push({
            ...result,
            statements: [...delegated[i].statements],
            via: 'identity',
            policies: [...new Set(result.statements.map(n => identity.statements[n].policy))]
        });
    });
    return out;
}
function judgeLauncher(input) {
    const { read, uses, address } = input;
    const base = {
        key: address,
        file: read.pos.file,
        line: read.pos.line,
        style: read.style,
        uses,
        decidedBy: [],
        unknowns: []
    };
    const first = uses[0];
    const launcher = (first.launcher === 'karpenter' ? 'karpenter' : 'auto-mode');
    const who = `${WHO[launcher]}'s ${ROLE[launcher]}`;
    if (!read.statements)
        return {
            ...base,
            status: 'unknown',
            unknowns: mergeCauses([new Unknown(read.causes)]),
            message: `Cannot tell whether ${address} lets ${who} use it for node volumes: ${read.reason ?? 'its policy is not known before apply'}.`
        };
    const causes = [];
    const deciders = [];
    const missing = [];
    const denied = [];
    const open = [];
    for (const role of [...new Set(uses.map(u => u.role))]) {
        if (role.startsWith('${')) {
            causes.push({
                what: role.slice(2, -1).split(': ')[0],
                pos: first.file ? { file: first.file, line: first.line ?? 1 } : undefined,
                how: role.slice(2, -1).split(': ').slice(1).join(': ') || 'it is not known before apply'
            });
            open.push({
                requirement: (0,launchers/* launcherRequirements */.hm)({
                    principal: { launcher, roleArn: 'unknown' },
                    region: REGION,
                    account: THIS_ACCOUNT
                })[0],
                status: 'unknown',
                statements: [],
                reasons: []
            });
            continue;
        }
        const identity = input.identity(role);
        for (const outcome of judgeRole(launcher, role, read.statements, identity, causes)) {
            if (outcome.status === 'granted' || outcome.status === 'denied')
                for (const index of outcome.statements) {
                    const s = read.statements[index];
                    deciders.push({
                        kind: 'statement',
                        name: typeof s.value.Sid === 'string' ? s.value.Sid : '(no Sid)',
                        file: s.pos?.file,
                        line: s.pos?.line
                    });
                }
            if (outcome.status === 'granted' && outcome.policies)
                for (const policy of outcome.policies)
                    deciders.push({ kind: 'statement', name: `IAM policy ${policy}` });
            if (outcome.status === 'missing')
                missing.push({ role, outcome });
            else if (outcome.status === 'denied')
                denied.push(outcome);
            else if (outcome.status === 'unknown')
                open.push(outcome);
        }
    }
    const decidedBy = deciders.filter((d, i) => deciders.findIndex(e => e.name === d.name) === i);
    const unknowns = mergeCauses([new Unknown(causes)]);
    const consequence = `every node ${WHO[launcher]} launches with a volume encrypted by this key is terminated seconds after launch (state reason Client.InvalidKMSKey.InvalidState or Client.InternalError), and ${launcher === 'karpenter' ? 'Karpenter keeps launching and losing instances while pods stay Pending' : 'Auto Mode keeps launching and losing instances while pods stay Pending'}.`;
    if (denied.length)
        return {
            ...base,
            status: 'denied',
            decidedBy,
            unknowns,
            message: `A Deny statement of ${address}'s policy blocks ${who} (${decidedBy.map(d => d.name).join(', ')}): ${consequence}`
        };
    if (missing.length) {
        const role = missing[0].role;
        const viaIdentity = missing.filter(m => m.outcome.via === 'identity');
        const actions = [...new Set(missing.map(m => launcher_what(m.outcome.requirement.id)))].join(' and ');
        const identity = input.identity(role);
        const policies = [...new Set(identity.statements.map(s => s.policy))];
        const reason = viaIdentity.length
            ? `The policy of ${address} leaves ${who} ${shortRole(role)} to its IAM policies (it allows the account), and none of the role's policies here (${policies.join(', ') || 'none'}) allows ${actions}${launcher === 'karpenter' ? ' — the Karpenter module grants no KMS permission by default' : ''}`
            : `The policy of ${address} does not let ${who} ${shortRole(role)} use it: it lacks ${actions}`;
        return {
            ...base,
            status: 'missing',
            decidedBy,
            unknowns,
            message: `${reason}: ${consequence}`,
            fix: input.fix(launcher, missing.map(m => m.outcome.requirement.statement), role)
        };
    }
    if (open.length)
        return {
            ...base,
            status: 'unknown',
            decidedBy,
            unknowns,
            message: `Cannot tell whether ${address} lets ${who} use it for node volumes: it depends on ${unknowns.map(c => `${c.what}${c.pos ? ` at ${c.pos.file}:${c.pos.line}` : ''} (${c.how})`).join('; ') || 'values known only at apply time'}.`
        };
    return {
        ...base,
        status: 'granted',
        decidedBy,
        unknowns,
        message: `${address} lets ${who} use it for node volumes: ${decidedBy.map(d => d.name).join(', ')}.`
    };
}

;// CONCATENATED MODULE: ./src/terraform/judge/launcher-fix.ts
/**
 * The fixes for a key Karpenter's controller role or Auto Mode's cluster role cannot use, in
 * both places a user can fix it: the key policy (in the style it is written in), and for
 * Karpenter the controller role's IAM policy — the community karpenter submodule's
 * iam_policy_statements input, or an aws_iam_role_policy.
 */


/** An expression for a resource's attribute as `from` can name it: directly, or through the output of the module that declares it. */
function referenceFrom(from, target, attribute) {
    if (target.module === from)
        return `${target.address}.${attribute}`;
    const child = target.module;
    if (child.parent !== from || !child.call)
        return undefined;
    const wanted = `"${target.decl.type}"`;
    for (const [name, output] of child.config.outputs) {
        const text = JSON.stringify(output.expr);
        if (text.includes(wanted) &&
            text.includes(`"${target.decl.name}"`) &&
            text.includes(`"${attribute}"`))
            return `module.${child.call.name}.${name}`;
    }
    return undefined;
}
/** The role as the fix writes it. */
function roleForFix(role, key, roleResource) {
    const reference = roleResource && referenceFrom(key.module, roleResource, 'arn');
    if (reference)
        return `\${${reference}}`;
    return role.replace(/\.arn$/, ' ARN');
}
/**
 * The requirement's kms:ViaService names the Region check assumes; the fix names EC2 in any
 * Region (what the configuration's provider Region is, check does not decide).
 */
function anyRegion(statement) {
    const condition = { ...(statement.Condition ?? {}) };
    const equals = { ...(condition.StringEquals ?? {}) };
    if (!('kms:ViaService' in equals))
        return statement;
    delete equals['kms:ViaService'];
    if (Object.keys(equals).length)
        condition.StringEquals = equals;
    else
        delete condition.StringEquals;
    return {
        ...statement,
        Condition: { StringLike: { 'kms:ViaService': 'ec2.*.amazonaws.com' }, ...condition }
    };
}
function launcherKeyFix(style, missing, role) {
    const statements = missing.map(s => ({ ...anyRegion(s), Principal: { AWS: role } }));
    switch (style) {
        case 'policy-document':
            return [
                '# Add to the data "aws_iam_policy_document" of the key policy:',
                (0,hcl/* bareLocals */.tu)((0,key_policy_hcl/* policyDocumentHcl */.$)(statements, true))
            ].join('\n');
        case 'heredoc':
        case 'file':
            return [
                '# Add to the Statement list of the key policy JSON:',
                JSON.stringify(statements, null, 2)
            ].join('\n');
        default:
            return [
                '# Add to the Statement list of the key policy (jsonencode):',
                (0,hcl/* bareLocals */.tu)(statements.map(s => (0,hcl/* hclValue */.nH)(s, '', true)).join(',\n'))
            ].join('\n');
    }
}
/** What the controller role's IAM policy must allow on this key (EBS through EC2 only, grants only for AWS resources). */
function iamStatements(missing) {
    return missing.map(anyRegion).map(s => ({
        Sid: `${String(s.Sid)}Iam`,
        Effect: 'Allow',
        Action: s.Action,
        Resource: '*',
        Condition: s.Condition
    }));
}
function submoduleEntry(statement, key) {
    const condition = Object.entries(statement.Condition ?? {}).flatMap(([test, block]) => Object.entries(block).map(([variable, values]) => ({
        test,
        variable,
        values: (Array.isArray(values) ? values : [values]).map(String)
    })));
    return { sid: statement.Sid, actions: statement.Action, resources: [key], condition };
}
/**
 * The IAM side of the fix for Karpenter's controller role: in the karpenter submodule's call when
 * the role is the submodule's, else an aws_iam_role_policy on the role.
 */
function karpenterIamFix(missing, key, roleResource) {
    if (!roleResource)
        return undefined;
    const keyArn = referenceFrom(key.module, key, 'arn') ?? 'the key ARN';
    const statements = iamStatements(missing);
    const module = roleResource.module;
    if (module.call && module.parent && module.config.variables.has('iam_policy_statements'))
        return [
            `# Or let the controller role use the key through its IAM policy: in the call of module.${module.call.name}, add to iam_policy_statements:`,
            `iam_policy_statements = ${(0,hcl/* hclValue */.nH)(statements.map(s => submoduleEntry(s, `\${${keyArn}}`)), '', true)}`
        ].join('\n');
    const roleName = referenceFrom(key.module, roleResource, 'name');
    if (!roleName)
        return undefined;
    const policy = {
        Version: '2012-10-17',
        Statement: statements.map(s => ({ ...s, Resource: `\${${keyArn}}` }))
    };
    return [
        '# Or let the controller role use the key through its IAM policy:',
        `resource "aws_iam_role_policy" "karpenter_node_volume_key" {`,
        `  role   = ${roleName}`,
        `  policy = jsonencode(${(0,hcl/* hclValue */.nH)(policy, '  ', true)})`,
        '}'
    ].join('\n');
}

;// CONCATENATED MODULE: ./src/terraform/judge/key-policy.ts



function styleOf(holder) {
    if (holder.module.config.variables.has('key_service_roles_for_autoscaling'))
        return 'kms-module';
    const expr = holder.decl.body.attributes.get('policy')?.expr;
    if (!expr)
        return 'none';
    if (expr.kind === 'call' && expr.name === 'jsonencode')
        return 'jsonencode';
    if (expr.kind === 'call' && (expr.name === 'file' || expr.name === 'templatefile'))
        return 'file';
    if (expr.kind === 'template')
        return 'heredoc';
    const text = JSON.stringify(expr);
    if (text.includes('"aws_iam_policy_document"'))
        return 'policy-document';
    return 'unknown';
}
/**
 * The aws_kms_key_policy that replaces a key's own policy, if one names it; otherwise those that
 * may, because their key_id is not known here (the provider's aws_kms_key_policy sets the whole
 * policy of the key it names, whatever the key's own policy argument says:
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kms_key_policy).
 */
function separatePolicy(key, index) {
    const maybe = [];
    const by = [];
    for (const p of index.ofType('aws_kms_key_policy')) {
        let targets;
        try {
            targets = keyTargets(p.attribute('key_id') ?? null, index, p.decl.pos);
        }
        catch (error) {
            if (!(error instanceof EvalError))
                throw error;
            by.push(p.fullAddress);
            maybe.push({
                what: `the key_id of ${p.fullAddress}`,
                pos: p.attributePos('key_id'),
                how: `it could not be evaluated: ${error.message}`
            });
            continue;
        }
        const mine = targets.filter(t => t.kind === 'key' && t.instance === key);
        // Only a policy that names this key whatever the values decides it: one that may name
        // another (a conditional, an unknown) leaves it open which policy is in force.
        if (mine.length > 0 && mine.length === targets.length)
            return { holder: p, maybe: [], by: [] };
        const unknown = targets.filter(t => t.kind === 'unknown');
        if (mine.length > 0 || unknown.length > 0)
            by.push(p.fullAddress);
        for (const target of unknown)
            maybe.push(...(target.causes.length
                ? target.causes
                : [
                    {
                        what: `the key_id of ${p.fullAddress} (${target.text})`,
                        pos: p.attributePos('key_id'),
                        how: 'write the key it names as a reference to the key (aws_kms_key.NAME.id), or pass plan-json'
                    }
                ]));
        if (mine.length > 0 && unknown.length === 0)
            maybe.push({
                what: `which key ${p.fullAddress} sets`,
                pos: p.attributePos('key_id'),
                how: 'its key_id names this key or another: make it name one key'
            });
    }
    return { maybe, by };
}
const key_policy_HOLE = '@@eks-kms-guard-hole@@';
/** Puts the unknowns of a partly known JSON text back into the parsed document. */
function refill(value, unknown) {
    if (typeof value === 'string' && value.includes(key_policy_HOLE)) {
        const parts = value.split(key_policy_HOLE);
        return new Unknown(unknown.causes, parts);
    }
    if (Array.isArray(value))
        return value.map(v => refill(v, unknown));
    if (values_isObject(value)) {
        const copy = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, refill(v, unknown)]));
        const at = positions.get(value);
        if (at)
            positions.set(copy, at);
        return copy;
    }
    return value;
}
/** Statement lines in JSON text: where each `"Sid": "…"` is written. */
function placeStatements(text, statements, start) {
    const lines = text.split('\n');
    for (const statement of statements) {
        const sid = statement.value.Sid;
        if (typeof sid !== 'string')
            continue;
        const at = lines.findIndex(l => l.includes(`"${sid}"`) && /"Sid"\s*:/.test(l));
        if (at >= 0)
            statement.pos = { file: start.file, line: start.line + at };
    }
}
/** The statements of a policy value: a document, JSON text, or an unknown. */
function documentStatements(value, textStart) {
    let document = value;
    // JSON text with unknown parts (a heredoc or template naming a variable): parse around them.
    if (document instanceof Unknown && document.parts) {
        const text = document.parts.join(key_policy_HOLE);
        try {
            document = refill(JSON.parse(text), document);
            const read = documentStatements(document);
            if (read.statements && textStart)
                placeStatements(text, read.statements, textStart);
            return read;
        }
        catch {
            // not JSON around the holes: unknown as a whole
        }
    }
    if (typeof document === 'string' && textStart) {
        try {
            const read = documentStatements(JSON.parse(document));
            if (read.statements)
                placeStatements(document, read.statements, textStart);
            return read;
        }
        catch {
            // reported below
        }
    }
    if (document instanceof JsonDoc)
        document = document.value;
    else if (typeof document === 'string') {
        try {
            document = JSON.parse(document);
        }
        catch (error) {
            return { reason: `the policy text is not JSON (${error.message})`, causes: [] };
        }
    }
    if (document instanceof Unknown)
        return { causes: document.causes, reason: `the policy is ${document.text()}` };
    if (!values_isObject(document))
        return { reason: 'the policy is not a JSON object', causes: [] };
    let list = document.Statement;
    if (list instanceof Unknown)
        return { causes: list.causes, reason: 'its statements are unknown' };
    if (values_isObject(list))
        list = [list];
    if (!Array.isArray(list))
        return { reason: 'the policy has no Statement list', causes: [] };
    const statements = [];
    for (const item of list) {
        if (item instanceof Unknown)
            return { causes: item.causes, reason: 'a statement is unknown' };
        if (!values_isObject(item))
            continue;
        statements.push({ value: item, pos: positions.get(item) });
    }
    return { statements, docPos: positions.get(document), causes: [] };
}
function readPolicy(key, index) {
    const separate = separatePolicy(key, index);
    const holder = separate.holder ?? key;
    const style = styleOf(holder);
    const attrPos = holder.attributePos('policy');
    const base = { holder, style, pos: attrPos };
    // A policy that may be replaced by one written elsewhere decides nothing on its own.
    if (separate.maybe.length)
        return {
            ...base,
            causes: separate.maybe,
            reason: `${separate.by.join(' and ')} may replace its policy (which key${separate.by.length > 1 ? 's they set is' : ' it sets is'} not known here)`
        };
    if (!holder.decl.body.attributes.has('policy'))
        return {
            ...base,
            style: style === 'kms-module' ? style : 'none',
            pos: key.decl.pos,
            statements: [
                {
                    value: {
                        Sid: 'Enable IAM User Permissions (default policy)',
                        Effect: 'Allow',
                        Principal: { AWS: `arn:${THIS_PARTITION}:iam::${THIS_ACCOUNT}:root` },
                        Action: 'kms:*',
                        Resource: '*'
                    },
                    pos: key.decl.pos
                }
            ],
            causes: []
        };
    let value;
    try {
        value = holder.attribute('policy') ?? null;
    }
    catch (error) {
        if (!(error instanceof EvalError))
            throw error;
        return {
            ...base,
            causes: [
                {
                    what: `the policy of ${holder.fullAddress}`,
                    pos: error.pos ?? attrPos,
                    how: `it could not be evaluated: ${error.message}`
                }
            ],
            reason: error.message
        };
    }
    if (value instanceof LazyObject)
        value = value.force(attrPos);
    const expr = holder.decl.body.attributes.get('policy')?.expr;
    // A JSON-syntax string is on one line of its file, whatever newlines its text holds.
    const oneLine = expr?.pos.file.endsWith('.json');
    const read = documentStatements(value, expr?.kind === 'template' && !oneLine
        ? { file: expr.pos.file, line: expr.pos.line + 1 }
        : undefined);
    if (oneLine && expr)
        for (const statement of read.statements ?? [])
            statement.pos ??= expr.pos;
    return {
        ...base,
        pos: read.docPos && read.docPos.file !== attrPos.file
            ? read.docPos
            : style === 'policy-document' && read.docPos
                ? read.docPos
                : attrPos,
        statements: read.statements,
        causes: read.causes,
        reason: read.reason
    };
}

;// CONCATENATED MODULE: ./src/terraform/judge/role-policies.ts
/**
 * The IAM policies of a launcher's role as the configuration declares them, for a key policy
 * that delegates to the account: then KMS allows the role only what its identity-based policies
 * allow (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html, "Allows
 * access to the AWS account and enables IAM policies"). Read: aws_iam_role_policy,
 * aws_iam_role_policy_attachment of an aws_iam_policy, the role's inline_policy blocks and
 * managed_policy_arns. The community karpenter submodule's iam_policy_statements and
 * iam_role_policies end in these resources; its own statements grant no KMS.
 */



/**
 * AWS managed policies for EKS clusters and nodes grant no KMS use of a customer managed key: Auto
 * Mode's guide asks for the key policy for it (https://docs.aws.amazon.com/eks/latest/userguide/auto-kms.html).
 */
const NO_KMS_MANAGED = /^arn:aws[a-z-]*:iam::aws:policy\/(service-role\/)?AmazonEKS[A-Za-z0-9_]*$/;
function names(role, index, of) {
    if (of instanceof Unknown)
        return index.resolve(of) === role;
    return (typeof of === 'string' &&
        of ===
            safe(() => role.attribute('name'), () => undefined));
}
/** Resource as the evaluator should compare it with this key: "*" for this key, another key's address otherwise. */
function resourceFor(resource, key, index) {
    if (Array.isArray(resource))
        return resource.map(r => resourceFor(r, key, index));
    if (resource instanceof Unknown) {
        const targets = keyTargets(resource, index, key.decl.pos);
        if (targets.some(t => t.kind === 'key' && t.instance === key))
            return '*';
        if (targets.length && targets.every(t => t.kind === 'key'))
            return `arn:aws:kms:::key/${targets.map(t => (t.kind === 'key' ? t.instance.fullAddress : '')).join(',')}`;
    }
    return resource;
}
function rolePolicies(role, key, index) {
    const instance = index.ofType('aws_iam_role').find(r => `${r.fullAddress}.arn` === role);
    if (!instance)
        return {
            statements: [],
            hidden: [
                {
                    what: `the IAM policies of ${role}`,
                    how: 'the role is not declared in this configuration, so its policies are not known here: run verify against the account after apply'
                }
            ]
        };
    const out = { role: instance, statements: [], hidden: [] };
    const add = (policy, name, pos = instance.decl.pos) => {
        const read = documentStatements(policy);
        if (!read.statements) {
            out.hidden.push(...(read.causes.length
                ? read.causes
                : [
                    {
                        what: `the policy of ${name}`,
                        pos,
                        how: read.reason ?? 'it is not known before apply'
                    }
                ]));
            return;
        }
        for (const statement of read.statements)
            out.statements.push({
                value: {
                    ...statement.value,
                    Resource: resourceFor(statement.value.Resource ?? '*', key, index)
                },
                pos: statement.pos ?? pos,
                policy: name
            });
    };
    const attach = (arn, name, pos = instance.decl.pos) => {
        const policy = index.resolve(arn);
        if (policy?.type === 'aws_iam_policy')
            add(attributeOrUnknown(policy, 'policy'), policy.fullAddress, policy.decl.pos);
        else if (typeof arn === 'string' && NO_KMS_MANAGED.test(arn))
            return;
        else
            out.hidden.push({
                what: `the policy ${typeof arn === 'string' ? arn : arn instanceof Unknown ? arn.text() : 'attached'} (${name})`,
                pos,
                how: 'it is not declared in this configuration: run verify against the account after apply'
            });
    };
    for (const inline of index.ofType('aws_iam_role_policy'))
        if (names(instance, index, attributeOrUnknown(inline, 'role')))
            add(attributeOrUnknown(inline, 'policy'), inline.fullAddress, inline.decl.pos);
    for (const attachment of index.ofType('aws_iam_role_policy_attachment'))
        if (names(instance, index, attributeOrUnknown(attachment, 'role')))
            attach(attributeOrUnknown(attachment, 'policy_arn'), attachment.fullAddress, attachment.decl.pos);
    for (const block of safe(() => instance.blocks('inline_policy'), () => []))
        add(block.get('policy', block.pos), `${instance.fullAddress} inline_policy`, block.pos);
    const managed = attributeOrUnknown(instance, 'managed_policy_arns');
    if (Array.isArray(managed))
        for (const arn of managed)
            attach(arn, `${instance.fullAddress}.managed_policy_arns`);
    else if (managed instanceof Unknown)
        attach(managed, `${instance.fullAddress}.managed_policy_arns`);
    else if (managed !== null && !values_isObject(managed))
        attach(managed, `${instance.fullAddress}.managed_policy_arns`);
    return out;
}

;// CONCATENATED MODULE: ./src/terraform/judge/launcher-key.ts



/** Whether these uses are a launcher's, judged here rather than for the Auto Scaling role. */
function launchedByRole(uses) {
    return uses.some(u => u.launcher === 'karpenter' || u.launcher === 'auto-mode');
}
function judgeLauncherKey(key, read, uses, index) {
    return judgeLauncher({
        address: key.fullAddress,
        read,
        uses,
        identity: role => rolePolicies(role, key, index),
        fix: (launcher, missing, role) => {
            const roleResource = rolePolicies(role, key, index).role;
            const keyFix = launcherKeyFix(read.style, missing, roleForFix(role, key, roleResource));
            const iamFix = launcher === 'karpenter' ? karpenterIamFix(missing, key, roleResource) : undefined;
            return iamFix ? `${keyFix}\n\n${iamFix}` : keyFix;
        }
    });
}

;// CONCATENATED MODULE: ./src/terraform/judge/check-key.ts
/**
 * check's judge of one Terraform key: its policy read from the configuration, its grants and any
 * golden AMI found there, handed to the verdict shared by every format (verdict.ts) — or to the
 * launchers' judge when Karpenter or Auto Mode launch with it.
 */









function checkKey(key, uses, index) {
    return onlyElsewhere(decideKey(key, uses, index), {
        scope: 'this configuration',
        how: 'none in this configuration does: check the configuration that declares it, or remove the unused launch template'
    });
}
function decideKey(key, uses, index) {
    const broken = unusable(key, uses);
    if (broken)
        return broken;
    const read = readPolicy(key, index);
    read.pos = visiblePos(read.holder.module, read.pos, read.style === 'kms-module' ? 'key_service_roles_for_autoscaling' : undefined);
    // Karpenter's and Auto Mode's roles have their own requirements (kms/launchers.ts).
    if (launchedByRole(uses))
        return judgeLauncherKey(key, read, uses, index);
    return judge({
        address: key.fullAddress,
        read,
        uses,
        grants: grantsFor(key, index),
        goldenAmi: goldenAmiOf(key, index),
        fix: (style, missing, role) => fixFor(style, missing, style === 'kms-module'
            ? (read.holder.module.parent ?? read.holder.module)
            : read.holder.module, role, index, read.pos.file.endsWith('.tf.json'))
    });
}

;// CONCATENATED MODULE: ./src/terraform/check.ts
/**
 * check mode: in the pull request, before anything is applied, find the KMS keys that node
 * launches will use — evaluating the configuration as Terraform resolves it, modules included —
 * and decide, with the same policy evaluator as verify and deploy, whether each key lets the EC2
 * Auto Scaling service-linked role use it. Nothing unknown passes silently.
 */















function targetCheck(target, uses) {
    if (target.kind === 'outside')
        return outsideKey(target.value, target.pos, uses, {
            how: 'it is not managed in this configuration: run verify against the account to check its policy',
            message: `The key ${target.value} is not managed in this configuration; run verify against the account to check its policy.`
        });
    return undecidedKey({
        key: `the key of ${uses[0]?.via ?? target.text}`,
        via: uses[0]?.via ?? 'a launch template',
        text: target.text
    }, target.pos, uses, target.causes);
}
/** A file or expression that did not parse: Terraform refuses the configuration too. */
function unreadCheck(problem) {
    return unreadPlace(problem, {
        how: 'make it parse (terraform validate names the error)',
        refusedToo: 'Terraform would refuse this configuration too'
    });
}
/** Terraform stops on a -var-file that does not exist; so does check, naming the input. */
function missingVarFiles(options) {
    const missing = (options.varFiles ?? []).filter(f => !(0,external_node_fs_.existsSync)((0,external_node_path_.resolve)(options.cwd, f)));
    if (missing.length === 0)
        return undefined;
    return `Input 'var-files': ${missing.join(', ')} ${missing.length === 1 ? 'does' : 'do'} not exist under ${options.cwd} (var-files are relative to working-directory, as terraform -var-file is to where it runs).`;
}
/** A folder that holds only Terragrunt's configuration. */
function terragrunt(options) {
    return options.paths.some(p => (0,external_node_fs_.existsSync)((0,external_node_path_.join)((0,external_node_path_.resolve)(options.cwd, p), 'terragrunt.hcl')));
}
/** Karpenter's and Auto Mode's node classes (manifests in resources and in the checked paths) as uses of keys. */
function launcherNodeClasses(index, options, workspace, problems) {
    const inResources = manifestsInResources(index);
    const inFiles = manifestsInFiles(options.paths, options.cwd, workspace);
    problems.push(...inResources.problems, ...inFiles.problems);
    return launcherUses(index, {
        keys: [...inResources.keys, ...inFiles.keys],
        unread: [...inResources.unread, ...inFiles.unread]
    });
}
async function runCheck(options) {
    const workspace = new Workspace(options.workspace ?? options.cwd, options.limits, {
        timeoutMs: options.timeoutMs,
        now: options.now
    });
    const loader = new ConfigLoader(options.cwd, workspace);
    let filesRead = 0;
    try {
        return await checkWithin(options, loader, n => (filesRead = n));
    }
    catch (error) {
        if (!(error instanceof CheckTimeout))
            throw error;
        return {
            result: 'timeout',
            keys: [],
            problems: loader.problems,
            errors: loader.errors,
            notes: [],
            filesRead,
            inputError: error.message
        };
    }
}
async function checkWithin(options, loader, counted) {
    const workspace = loader.workspace;
    if (isRefusal(workspace.resolveInside(options.cwd)))
        return {
            result: 'failure',
            keys: [],
            problems: [],
            errors: [],
            notes: [],
            filesRead: 0,
            inputError: `Input 'working-directory' (${options.cwd}) is outside the workspace (${workspace.root}): check reads only the files of the repository it checks.`
        };
    const found = await findTfFiles(options.paths, options.cwd, workspace);
    workspace.checkDeadline();
    const files = found.slice(0, workspace.limits.files);
    if (found.length > files.length)
        loader.errors.push({
            path: options.paths.join(', '),
            message: `terraform-paths matched ${found.length} .tf and .tf.json files, over the ${workspace.limits.files} check reads in one run: the first ${files.length} (in path order) were read. Point terraform-paths at the configurations to check.`
        });
    counted(files.length);
    const configs = await loader.loadFiles(files);
    const roots = await buildRoots(loader, configs, options.varFiles ?? [], options.env);
    const keys = [];
    const notes = [];
    let index;
    guardedEvaluation(() => workspace.checkDeadline(), () => {
        const instances = allInstances(roots);
        index = new Index(instances);
        const grouped = new Map();
        const launched = launcherNodeClasses(index, options, workspace, loader.problems);
        notes.push(...launched.notes);
        for (const { target, site } of [...keyUses(index), ...launched.uses]) {
            workspace.checkDeadline();
            const id = target.kind === 'key'
                ? `key|${target.instance.fullAddress}|${target.instance.module.config.dir}|${site.launcher ?? ''}`
                : target.kind === 'outside'
                    ? `outside|${target.value}`
                    : `unknown|${target.pos?.file}:${target.pos?.line}|${target.text}`;
            const entry = grouped.get(id) ?? { target, uses: [] };
            if (!entry.uses.some(u => u.consumer === site.consumer && u.via === site.via && u.role === site.role))
                entry.uses.push(site);
            grouped.set(id, entry);
        }
        for (const { target, uses } of grouped.values()) {
            workspace.checkDeadline();
            keys.push(target.kind === 'key' ? checkKey(target.instance, uses, index) : targetCheck(target, uses));
        }
        // A module whose source is missing counts once: not again when a key's cause already names it.
        const named = new Set(keys.flatMap(k => k.unknowns.map(c => c.what)));
        keys.push(...missingModules(instances, warning => loader.problems.push(warning)).filter(m => !m.unknowns.some(c => named.has(c.what))));
    });
    // Anything the evaluation swallowed (a try() around a step past the deadline) ends here.
    workspace.checkDeadline();
    const planPath = options.planJson && (0,external_node_path_.join)(options.cwd, options.planJson);
    const planOutside = planPath ? workspace.resolveInside(planPath) : undefined;
    if (isRefusal(planOutside))
        throw new Error(`Input 'plan-json': ${planOutside.refused}.`);
    const plan = planPath ? await readPlan(planPath) : undefined;
    if (plan)
        applyPlan(plan, keys, notes);
    if (loader.tofu)
        notes.push('Read as OpenTofu reads a configuration: a folder here holds .tofu files, so each foo.tofu (foo.tofu.json) was read instead of a foo.tf (foo.tf.json) beside it.');
    // Karpenter's and Auto Mode's keys name their own roles, not the Auto Scaling one.
    const namingRole = keys.filter(k => (k.status === 'granted' || k.status === 'missing') && k.uses.some(u => !u.launcher));
    const cautions = [];
    if (namingRole.length && index.ofType('aws_iam_service_linked_role').length === 0)
        cautions.push({
            rule: 'roleNotDeclared',
            message: 'No aws_iam_service_linked_role for autoscaling.amazonaws.com is declared. On a fresh account the role does not exist yet and a key policy naming it fails with "invalid principals": declare `resource "aws_iam_service_linked_role" "autoscaling" { aws_service_name = "autoscaling.amazonaws.com" }` and make the key depend on it.',
            file: namingRole[0].file,
            line: namingRole[0].line,
            keys: namingRole.filter(k => k.status === 'granted').map(k => k.key)
        });
    const inputError = files.length === 0 && !plan
        ? `Input 'terraform-paths' (${options.paths.join(', ')}) matched no .tf, .tf.json, .tofu or .tofu.json file under ${options.cwd}: ${terragrunt(options) ? 'it holds a terragrunt.hcl, which is Terragrunt’s, not Terraform’s: point terraform-paths at the module the terragrunt.hcl sources (or at the configuration Terragrunt generates in .terragrunt-cache), or pass plan-json.' : 'check the paths, and that the job checks out the repository (actions/checkout) before this step.'}`
        : missingVarFiles(options);
    // What did not parse is a "cannot tell" where it is, and the check does not pass on it.
    keys.push(...loader.problems.filter(p => p.unread).map(unreadCheck));
    return {
        result: inputError || loader.errors.length || keys.some(k => (0,model_check/* failsLaunches */.v1)(k.status) || k.unread)
            ? 'failure'
            : 'success',
        keys,
        problems: loader.problems.filter(p => !p.unread),
        errors: loader.errors,
        notes,
        cautions,
        filesRead: files.length,
        language: loader.tofu ? 'OpenTofu' : 'Terraform',
        inputError
    };
}

;// CONCATENATED MODULE: ./src/cloudformation/source.ts
/**
 * A CloudFormation template (or any YAML/JSON document) as plain data that remembers where each
 * object and each key was written, so a finding points at its line. YAML short forms become the
 * long forms CloudFormation defines: `!Ref X` → `{Ref: X}`, `!GetAtt A.B` → `{"Fn::GetAtt": [A, B]}`,
 * `!Condition C` → `{Condition: C}`, every other `!Name` → `{"Fn::Name": …}`
 * (docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference.html).
 * JSON is read by the same parser (JSON is YAML 1.2), so both keep their lines. The YAML 1.2 core
 * schema keeps an unquoted `Version: 2012-10-17` a string.
 */


/** The line each key of an object is written at. */
const keyLines = new WeakMap();
function posOf(value, fallback) {
    return (value && typeof value === 'object' && positions.get(value)) || fallback;
}
/** Where `object[key]` is written: its key's line, else the object's. */
function keyPos(object, key, fallback) {
    if (!object || typeof object !== 'object')
        return fallback;
    const line = keyLines.get(object)?.get(key);
    const at = positions.get(object) ?? fallback;
    return line ? { file: at.file, line } : at;
}
function isRecord(value) {
    return !!value && typeof value === 'object' && !Array.isArray(value);
}
/** `!GetAtt A.B.C` names attribute `B.C` of `A`: the split is at the first dot. */
function getAttArgs(text) {
    const dot = text.indexOf('.');
    return dot < 0 ? [text] : [text.slice(0, dot), text.slice(dot + 1)];
}
function source_convert(node, file, lines, depth = 0) {
    if (!node || depth > 200)
        return null;
    if ((0,yaml_dist/* isAlias */.Vj)(node))
        return null;
    const line = node.range ? lines.linePos(node.range[0]).line : 1;
    let value;
    if ((0,yaml_dist/* isMap */.jh)(node)) {
        const object = {};
        const at = new Map();
        for (const pair of node.items) {
            const key = (0,yaml_dist/* isScalar */.jn)(pair.key) ? String(pair.key.value) : String(pair.key);
            const child = source_convert(pair.value, file, lines, depth + 1);
            object[key] = child;
            const keyNode = pair.key;
            if (!keyNode?.range)
                continue;
            const keyLine = lines.linePos(keyNode.range[0]).line;
            at.set(key, keyLine);
            // A mapping under a key (a resource, a property) is where its key is written.
            if (child && typeof child === 'object')
                positions.set(child, { file, line: keyLine });
        }
        positions.set(object, { file, line });
        keyLines.set(object, at);
        value = object;
    }
    else if ((0,yaml_dist/* isSeq */.oP)(node)) {
        value = node.items.map(item => source_convert(item, file, lines, depth + 1));
        positions.set(value, { file, line });
    }
    else if ((0,yaml_dist/* isScalar */.jn)(node)) {
        const scalar = node.value;
        value =
            scalar === null || ['string', 'number', 'boolean'].includes(typeof scalar)
                ? scalar
                : String(scalar);
    }
    else
        value = null;
    const tag = node.tag;
    if (!tag?.startsWith('!') || tag.startsWith('!!'))
        return value;
    const name = tag.slice(1);
    const long = name === 'Ref' || name === 'Condition'
        ? { [name]: value }
        : name === 'GetAtt' && typeof value === 'string'
            ? { 'Fn::GetAtt': getAttArgs(value) }
            : { [`Fn::${name}`]: value };
    positions.set(long, { file, line });
    return long;
}
/** Every document of a YAML or JSON file (eksctl files may hold several). */
function parseSource(text, file) {
    const lines = new yaml_dist/* LineCounter */.HN();
    const docs = (0,yaml_dist/* parseAllDocuments */.hR)(text, { lineCounter: lines, uniqueKeys: false, strict: false });
    const list = Array.isArray(docs) ? docs : [];
    const failed = list.flatMap(d => d.errors)[0];
    if (failed)
        return {
            documents: [],
            error: { line: lines.linePos(failed.pos[0]).line, message: failed.message.split('\n')[0] }
        };
    return { documents: list.map(d => source_convert(d.contents, file, lines)) };
}

;// CONCATENATED MODULE: ./src/cloudformation/conditions.ts
/**
 * Conditions (Fn::Equals, Fn::And, Fn::Or, Fn::Not, Condition) and Fn::If, decided when the
 * parameters they compare are known; otherwise both branches are kept, naming the condition
 * (docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-conditions.html).
 */



function unknown(what, pos, how) {
    return new Unknown([{ what, pos, how }]);
}
const conditions_text = (value) => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : undefined;
/** A condition's value: Fn::Equals/And/Or/Not and Condition, decided when the parameters are. */
function condition(raw, t, pos, depth = 0) {
    if (depth > 50)
        return unknown('a condition', pos, 'it nests too deep');
    if (typeof raw === 'boolean')
        return raw;
    if (!isRecord(raw))
        return unknown('a condition', pos, 'it is not a condition function');
    const [name, args] = Object.entries(raw)[0] ?? [];
    const at = posOf(raw, pos);
    const list = Array.isArray(args) ? args : [];
    const sub = (r) => condition(r, t, at, depth + 1);
    switch (name) {
        case 'Condition': {
            const declared = typeof args === 'string' ? t.conditions[args] : undefined;
            return declared === undefined
                ? unknown(`condition ${String(args)}`, at, 'it is not declared')
                : sub(declared);
        }
        case 'Fn::Equals': {
            const [a, b] = list.map(r => intrinsics_evaluate(r, t, at, depth + 1));
            if (a instanceof Unknown || b instanceof Unknown)
                return new Unknown(mergeCauses([a, b].filter((v) => v instanceof Unknown)));
            return JSON.stringify(a) === JSON.stringify(b) || conditions_text(a) === conditions_text(b);
        }
        case 'Fn::Not': {
            const value = sub(list[0]);
            return value instanceof Unknown ? value : !value;
        }
        case 'Fn::And':
        case 'Fn::Or': {
            const values = list.map(sub);
            const decided = name === 'Fn::And' ? values.some(v => v === false) : values.some(v => v === true);
            if (decided)
                return name === 'Fn::Or';
            const open = values.filter((v) => v instanceof Unknown);
            return open.length ? new Unknown(mergeCauses(open)) : name === 'Fn::And';
        }
        default:
            return unknown(`a condition ${name}`, at, 'it is not a condition function');
    }
}
function namedCondition(name, t, pos) {
    return condition({ Condition: name }, t, pos);
}
function fnIf(args, t, pos, depth) {
    const [name, yes, no] = Array.isArray(args) ? args : [];
    const decided = typeof name === 'string'
        ? namedCondition(name, t, pos)
        : unknown('an Fn::If', pos, 'it names no condition');
    if (decided === true)
        return intrinsics_evaluate(yes, t, pos, depth + 1);
    if (decided === false)
        return intrinsics_evaluate(no, t, pos, depth + 1);
    // Either branch may be taken: both are kept as candidates, the causes say which condition.
    const causes = decided.causes.length
        ? decided.causes
        : [{ what: `condition ${String(name)}`, pos, how: 'give its parameters defaults' }];
    return new Unknown(causes, undefined, undefined, [
        intrinsics_evaluate(yes, t, pos, depth + 1),
        intrinsics_evaluate(no, t, pos, depth + 1)
    ]);
}

;// CONCATENATED MODULE: ./src/cloudformation/intrinsics.ts
/**
 * The intrinsic functions that decide which key a launch uses and what its policy says, evaluated
 * before deploy: Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select, Fn::If (with Conditions),
 * Fn::FindInMap and parameters with defaults
 * (docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference.html).
 * "This account" and its partition are the symbols the Terraform reader uses, so one judge
 * compares both. A resource's Ref or attribute is known only once deployed: an Unknown that names
 * the resource, so a KmsKeyId still leads to its key.
 */





/** AWS::NoValue: the property is removed (pseudo-parameter-reference.html#cfn-pseudo-param-novalue). */
const NO_VALUE = new Unknown([]);
const DEPLOY_TIME = 'known once the stack is deployed';
/** The pseudo parameters (docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html). */
function pseudo(name, t, pos) {
    switch (name) {
        case 'AWS::AccountId':
            return t.account ?? THIS_ACCOUNT;
        case 'AWS::Partition':
            return THIS_PARTITION;
        case 'AWS::Region':
            return CHECK_REGION;
        case 'AWS::URLSuffix':
            return 'amazonaws.com';
        case 'AWS::NoValue':
            return NO_VALUE;
        case 'AWS::StackName':
        case 'AWS::StackId':
        case 'AWS::NotificationARNs':
            return new Unknown([{ what: name, pos, how: DEPLOY_TIME }]);
        default:
            return undefined;
    }
}
function intrinsics_unknown(what, pos, how) {
    return new Unknown([{ what, pos, how }]);
}
/**
 * A parameter's value: what a parent stack passes, else its Default. An SSM parameter type holds
 * a Parameter Store key, not its value, which CloudFormation fetches when the stack is created or
 * updated (docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/systems-manager-parameter-types.html):
 * unknown here either way.
 */
function parameter(name, t, pos, depth) {
    const passed = t.parent?.parameters[name];
    if (passed !== undefined)
        return intrinsics_evaluate(passed, t.parent.template, pos, depth + 1);
    const declared = t.parameters[name];
    const at = keyPos(t.parameters, name, pos);
    if (!isRecord(declared))
        return intrinsics_unknown(name, pos, `it is neither a parameter nor a resource of ${t.name}`);
    const type = typeof declared.Type === 'string' ? declared.Type : 'String';
    if (type.startsWith('AWS::SSM::Parameter::Value'))
        return intrinsics_unknown(`parameter ${name} (read from SSM${typeof declared.Default === 'string' ? ` parameter ${declared.Default}` : ''})`, at, 'its value is read from Parameter Store when the stack is deployed: run verify against the account, or check the key that parameter names');
    if (declared.Default === undefined || declared.Default === null)
        return intrinsics_unknown(`parameter ${name}`, at, t.parent
            ? 'the parent stack does not pass it'
            : 'it has no Default: give it one, or run verify against the account once deployed');
    const value = declared.Default;
    if (typeof value === 'string' && (type === 'CommaDelimitedList' || type.startsWith('List<')))
        return value.split(',').map(s => s.trim());
    return typeof value === 'number' ? String(value) : value;
}
function resourceRef(t, id, attribute, pos) {
    const resource = t.resources.get(id);
    if (resource.type === 'AWS::CloudFormation::Stack' && attribute.startsWith('Outputs.')) {
        const child = t.children.get(id);
        const output = child?.outputs[attribute.slice('Outputs.'.length)];
        if (child && isRecord(output))
            return intrinsics_evaluate(output.Value, child, pos);
    }
    return new Unknown([{ what: `${id}${attribute === 'Ref' ? '' : `.${attribute}`}`, pos, how: DEPLOY_TIME }], undefined, { root: t.file, module: t.name, address: id, type: resource.type, attribute, pos: resource.pos });
}
function ref(name, t, pos, depth) {
    if (typeof name !== 'string')
        return intrinsics_unknown('a Ref', pos, 'its argument is not a name');
    const fixed = pseudo(name, t, pos);
    if (fixed !== undefined)
        return fixed;
    if (t.resources.has(name))
        return resourceRef(t, name, 'Ref', pos);
    return parameter(name, t, pos, depth);
}
function intrinsics_text(value) {
    return typeof value === 'string'
        ? value
        : typeof value === 'number' || typeof value === 'boolean'
            ? String(value)
            : undefined;
}
/** Known text and unknown holes joined, as the Terraform reader keeps a template with holes. */
function concat(pieces) {
    const parts = [''];
    const unknowns = [];
    for (const piece of pieces) {
        const known = intrinsics_text(piece);
        if (known !== undefined)
            parts[parts.length - 1] += known;
        else if (piece instanceof Unknown && piece.parts) {
            parts[parts.length - 1] += piece.parts[0];
            parts.push(...piece.parts.slice(1));
            unknowns.push(piece);
        }
        else {
            unknowns.push(piece instanceof Unknown ? piece : new Unknown([]));
            parts.push('');
        }
    }
    return unknowns.length ? new Unknown(mergeCauses(unknowns), parts) : parts[0];
}
/** Fn::Sub: `${Name}`, `${Res.Attr}`, `${AWS::…}` and its own variables; `${!x}` is literal `${x}`. */
function sub(args, t, pos, depth) {
    const [template, vars] = Array.isArray(args) ? args : [args, {}];
    if (typeof template !== 'string')
        return intrinsics_unknown('an Fn::Sub', pos, 'its text is not a string');
    const variables = isRecord(vars) ? vars : {};
    const pieces = [];
    let last = 0;
    for (const match of template.matchAll(/\$\{([^}]*)\}/g)) {
        pieces.push(template.slice(last, match.index));
        last = match.index + match[0].length;
        const name = match[1].trim();
        if (name.startsWith('!'))
            pieces.push(`\${${name.slice(1)}}`);
        else if (name in variables)
            pieces.push(intrinsics_evaluate(variables[name], t, pos, depth + 1));
        else if (pseudo(name, t, pos) !== undefined)
            pieces.push(pseudo(name, t, pos));
        else if (name.includes('.') && t.resources.has(name.split('.')[0]))
            pieces.push(resourceRef(t, name.split('.')[0], name.slice(name.indexOf('.') + 1), pos));
        else
            pieces.push(ref(name, t, pos, depth + 1));
    }
    pieces.push(template.slice(last));
    const holes = pieces.filter(p => p !== '');
    // `${Key.Arn}` alone is that attribute itself (its resource is kept).
    return holes.length === 1 && holes[0] instanceof Unknown ? holes[0] : concat(pieces);
}
function call(name, args, t, pos, depth) {
    const list = Array.isArray(args) ? args : [];
    const value = (r) => intrinsics_evaluate(r, t, pos, depth + 1);
    switch (name) {
        case 'Ref':
            return ref(args, t, pos, depth);
        case 'Fn::GetAtt': {
            const [id, attribute] = typeof args === 'string' ? [args.split('.')[0], args.slice(args.indexOf('.') + 1)] : list;
            if (typeof id === 'string' && typeof attribute === 'string' && t.resources.has(id))
                return resourceRef(t, id, attribute, pos);
            return intrinsics_unknown(`Fn::GetAtt ${JSON.stringify(args)}`, pos, `it names no resource of ${t.name}`);
        }
        case 'Fn::Sub':
            return sub(args, t, pos, depth);
        case 'Fn::Join': {
            const [separator, items] = list;
            const values = value(items ?? []);
            if (!Array.isArray(values))
                return values instanceof Unknown
                    ? values
                    : intrinsics_unknown('an Fn::Join', pos, 'its list is not a list');
            const pieces = values
                .filter(v => v !== NO_VALUE)
                .flatMap((v, i) => (i ? [String(separator ?? ''), v] : [v]));
            return concat(pieces);
        }
        case 'Fn::Select': {
            const [index, items] = list.map(value);
            const i = Number(index);
            if (Array.isArray(items) && Number.isInteger(i) && i >= 0 && i < items.length)
                return items[i];
            return new Unknown(mergeCauses([index, items].filter((v) => v instanceof Unknown)).concat(index instanceof Unknown || items instanceof Unknown
                ? []
                : [{ what: 'an Fn::Select', pos, how: 'its index is out of its list' }]));
        }
        case 'Fn::If':
            return fnIf(args, t, pos, depth);
        case 'Fn::FindInMap': {
            const [map, top, second] = list.map(value);
            const found = [map, top, second].every(k => typeof k === 'string')
                ? t.mappings[map]?.[top]?.[second]
                : undefined;
            return found === undefined
                ? intrinsics_unknown(`Fn::FindInMap ${JSON.stringify(list)}`, pos, 'the mapping or its keys are not known here')
                : value(found);
        }
        case 'Fn::ImportValue': {
            const exported = value(args);
            return intrinsics_unknown(`the value another stack exports as ${typeof exported === 'string' ? exported : JSON.stringify(args)} (Fn::ImportValue)`, pos, 'check the stack that exports it, or run verify against the account once deployed');
        }
        default:
            return intrinsics_unknown(name, pos, `${name} is not evaluated before deploy`);
    }
}
const FUNCTION = /^(Ref|Fn::[A-Za-z]+)$/;
function intrinsics_evaluate(raw, t, at, depth = 0) {
    if (raw === undefined || raw === null)
        return null;
    if (depth > 100)
        return intrinsics_unknown('a value', at, 'it nests too deep');
    const pos = posOf(raw, at);
    if (Array.isArray(raw))
        return raw.map(r => intrinsics_evaluate(r, t, pos, depth + 1)).filter(v => v !== NO_VALUE);
    if (!isRecord(raw))
        return raw;
    const keys = Object.keys(raw);
    if (keys.length === 1 && FUNCTION.test(keys[0]))
        return call(keys[0], raw[keys[0]], t, pos, depth);
    const object = {};
    for (const key of keys) {
        const value = intrinsics_evaluate(raw[key], t, keyPos(raw, key, pos), depth + 1);
        if (value !== NO_VALUE)
            object[key] = value;
    }
    positions.set(object, pos);
    return object;
}

;// CONCATENATED MODULE: ./src/cloudformation/fix.ts
/**
 * The fix for a CloudFormation key policy: the statements to add, with the role written as
 * CloudFormation writes this account's (Fn::Sub with AWS::Partition and AWS::AccountId), in the
 * template's own syntax; for a CDK stack, the construct code that adds them beside it.
 */


const ACCOUNT_ARN = new RegExp(`^arn:${THIS_PARTITION}:iam::(${THIS_ACCOUNT}|\\d{12}):`);
/** This account's role as Fn::Sub, so the template works in every account and partition. */
function principal(role) {
    return ACCOUNT_ARN.test(role)
        ? { 'Fn::Sub': role.replace(ACCOUNT_ARN, 'arn:${AWS::Partition}:iam::${AWS::AccountId}:') }
        : role;
}
function asTemplate(statement) {
    const aws = statement.Principal.AWS;
    return { ...statement, Principal: { AWS: principal(aws) } };
}
function render(value, yaml) {
    return yaml ? (0,yaml_dist/* stringify */.As)(value, { lineWidth: 0 }).trimEnd() : JSON.stringify(value, null, 2);
}
/** CDK code adding the statements to the key construct (aws-cdk-lib aws_kms Key.addToResourcePolicy). */
function cdkFix(statements, role) {
    const arn = ACCOUNT_ARN.test(role)
        ? `\`${role.replace(ACCOUNT_ARN, 'arn:${Stack.of(this).partition}:iam::${Stack.of(this).account}:')}\``
        : `'${role}'`;
    const lines = [
        '// In the CDK app, on the kms.Key the launch template uses (import { Stack, aws_iam as iam } from "aws-cdk-lib"):',
        `const autoscalingRole = new iam.ArnPrincipal(${arn})`
    ];
    for (const s of statements) {
        const actions = Array.isArray(s.Action) ? s.Action : [s.Action];
        lines.push('key.addToResourcePolicy(new iam.PolicyStatement({', `  sid: '${String(s.Sid)}',`, '  principals: [autoscalingRole],', `  actions: [${actions.map(a => `'${String(a)}'`).join(', ')}],`, "  resources: ['*'],", ...(s.Condition ? [`  conditions: ${JSON.stringify(s.Condition)},`] : []), '}))');
    }
    return lines.join('\n');
}
function keyPolicyFix(statements, role, options) {
    const added = statements.map(asTemplate);
    const cfn = options.noPolicy
        ? [
            '# The key has no KeyPolicy, so it gets the default one (the account root only). Set one that keeps',
            '# the root statement and adds the Auto Scaling service-linked role:',
            render({
                KeyPolicy: {
                    Version: '2012-10-17',
                    Statement: [
                        {
                            Sid: 'EnableIAMUserPermissions',
                            Effect: 'Allow',
                            Principal: {
                                AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' }
                            },
                            Action: 'kms:*',
                            Resource: '*'
                        },
                        ...added
                    ]
                }
            }, options.yaml)
        ]
        : ['# Add to the Statement list of the KeyPolicy:', render(added, options.yaml)];
    if (!options.cdk)
        return cfn.join('\n');
    return [cdkFix(statements, role), '', '# The synthesized template then holds:', ...cfn].join('\n');
}

;// CONCATENATED MODULE: ./src/cloudformation/template.ts
/**
 * A CloudFormation template as check reads it: its sections, the file it came from, and — for a
 * nested stack — the parent stack that creates it and the parameters the parent passes
 * (docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-nested-stacks.html).
 */


const TYPE = /^(AWS|Custom|Alexa)::/;
/**
 * A template is a document with a top-level Resources map whose entries have a Type of an
 * AWS::, Custom:: or Alexa:: resource — told by content, whatever the file's extension
 * (docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-anatomy.html: Resources is
 * the one required section).
 */
function isTemplate(document) {
    if (!isRecord(document) || !isRecord(document.Resources))
        return false;
    return Object.values(document.Resources).some(r => isRecord(r) && typeof r.Type === 'string' && TYPE.test(r.Type));
}
const section = (value) => (isRecord(value) ? value : {});
function toTemplate(body, file, name = file) {
    const resources = new Map();
    for (const [id, raw] of Object.entries(section(body.Resources))) {
        if (!isRecord(raw) || typeof raw.Type !== 'string')
            continue;
        const metadata = section(raw.Metadata);
        resources.set(id, {
            id,
            type: raw.Type,
            properties: section(raw.Properties),
            raw,
            pos: posOf(raw, { file, line: 1 }),
            construct: typeof metadata['aws:cdk:path'] === 'string' ? metadata['aws:cdk:path'] : undefined
        });
    }
    return {
        file,
        name,
        body,
        resources,
        parameters: section(body.Parameters),
        conditions: section(body.Conditions),
        mappings: section(body.Mappings),
        outputs: section(body.Outputs),
        children: new Map()
    };
}
/** Links a nested stack to the parent resource that creates it. */
function nest(parent, resource, child) {
    child.parent = {
        template: parent,
        resource: resource.id,
        parameters: section(resource.properties.Parameters)
    };
    child.account ??= parent.account;
    child.cdk ||= parent.cdk;
    parent.children.set(resource.id, child);
}
/** How a resource is named in findings: its logical id and type, and its construct under CDK. */
function resourceName(template, resource) {
    const where = template.parent || template.cdk ? `${template.name}/` : '';
    return `${where}${resource.id} (${resource.type}${resource.construct ? `, construct ${resource.construct.replace(/\/Resource$/, '')}` : ''})`;
}
/**
 * Plain CloudFormation nested stacks: a parent's AWS::CloudFormation::Stack whose TemplateURL is a
 * local file (as `aws cloudformation package` takes it) is linked to that template when it was
 * read, so the child's parameters take what the parent passes.
 */
function linkNested(templates) {
    const byFile = new Map(templates.map(t => [(0,external_node_path_.normalize)(t.file), t]));
    for (const parent of templates)
        for (const resource of parent.resources.values()) {
            const url = resource.properties.TemplateURL;
            if (resource.type !== 'AWS::CloudFormation::Stack' || typeof url !== 'string')
                continue;
            if (/^[a-z]+:\/\//i.test(url))
                continue;
            const child = byFile.get((0,external_node_path_.normalize)((0,external_node_path_.join)((0,external_node_path_.dirname)(parent.file), url)));
            if (child && child !== parent && !child.parent)
                nest(parent, resource, child);
        }
}

;// CONCATENATED MODULE: ./src/cloudformation/key.ts
/**
 * One CloudFormation key's verdict, by the judge the Terraform reader uses: its KeyPolicy (an
 * object, or JSON text after Fn::Sub; none is the default policy, the account root only:
 * docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-kms-key.html#cfn-kms-key-keypolicy),
 * (docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html, "programmatically"),
 * its settings (Enabled, KeyUsage, KeySpec), and custom resources that may grant it.
 */








function key_unusable(t, key, uses) {
    const p = key.properties;
    const setting = (name) => {
        const value = intrinsics_evaluate(p[name], t, key.pos);
        return typeof value === 'string' || typeof value === 'boolean' ? value : undefined;
    };
    const found = unusableSetting({ enabled: setting('Enabled'), usage: setting('KeyUsage'), spec: setting('KeySpec') }, 'Enabled: false');
    const written = {
        enabled: { name: 'Enabled', fix: 'Enabled: true' },
        usage: {
            name: 'KeyUsage',
            fix: 'KeyUsage: ENCRYPT_DECRYPT (a new key: the usage cannot be changed)'
        },
        spec: {
            name: 'KeySpec',
            fix: 'KeySpec: SYMMETRIC_DEFAULT (a new key: the spec cannot be changed)'
        }
    };
    const problem = found && { ...found, ...written[found.setting] };
    if (!problem)
        return undefined;
    const pos = keyPos(p, problem.name, key.pos);
    const name = resourceName(t, key);
    return {
        key: name,
        file: pos.file,
        line: pos.line,
        style: 'KeyPolicy',
        status: 'unusable',
        unusableCause: problem.cause,
        uses,
        decidedBy: [],
        unknowns: [],
        message: `${name} ${problem.text}, so every node launch with a volume encrypted by it will be cancelled with Client.InvalidKMSKey.InvalidState.`,
        fix: problem.fix
    };
}
/**
 * CloudFormation has no grant resource (AWS_KMS.html lists Alias, Key and ReplicaKey only): a
 * custom resource given the key that speaks of grants (its type, or its properties: CDK's
 * AwsCustomResource writes the KMS call `CreateGrant` there) may create one, which nothing here
 * can read. Other custom resources given the key (a cluster's secrets encryption) grant nothing.
 */
function customGrants(t, key) {
    const ref = new RegExp(`"(Ref|Fn::GetAtt)":(\\["|")${key.id}[".]`);
    return [...t.resources.values()].filter(r => {
        if (!r.type.startsWith('Custom::') && r.type !== 'AWS::CloudFormation::CustomResource')
            return false;
        const text = JSON.stringify(r.properties);
        return ref.test(text) && /grant/i.test(`${r.type} ${text}`);
    });
}
function readKeyPolicy(t, key) {
    const raw = key.properties.KeyPolicy;
    if (raw === undefined || raw === null)
        return {
            style: 'KeyPolicy',
            pos: key.pos,
            causes: [],
            statements: [
                {
                    value: {
                        Sid: 'Enable IAM User Permissions (default policy)',
                        Effect: 'Allow',
                        Principal: { AWS: `arn:${THIS_PARTITION}:iam::${t.account ?? THIS_ACCOUNT}:root` },
                        Action: 'kms:*',
                        Resource: '*'
                    },
                    pos: key.pos
                }
            ]
        };
    const pos = keyPos(key.properties, 'KeyPolicy', key.pos);
    const value = intrinsics_evaluate(raw, t, pos);
    // JSON text (a string, or Fn::Sub's) in YAML: each statement is placed by its Sid's line, from
    // the line after the key when the text is a block scalar. A JSON file's string is one line.
    const subbed = isRecord(raw) ? raw['Fn::Sub'] : undefined;
    const text = typeof raw === 'string' ? raw : Array.isArray(subbed) ? subbed[0] : subbed;
    const placed = typeof text === 'string' && !/\.json$/i.test(t.file)
        ? { file: pos.file, line: pos.line + (text.includes('\n') ? 1 : 0) }
        : undefined;
    const read = documentStatements(value, placed);
    for (const statement of read.statements ?? [])
        statement.pos ??= pos;
    return {
        style: 'KeyPolicy',
        pos,
        statements: read.statements,
        causes: read.causes,
        reason: read.reason
    };
}
function checkCfnKey(t, key, uses) {
    const broken = key_unusable(t, key, uses);
    if (broken)
        return broken;
    const read = readKeyPolicy(t, key);
    const name = resourceName(t, key);
    const noPolicy = key.properties.KeyPolicy === undefined || key.properties.KeyPolicy === null;
    const check = judge({
        address: name,
        read,
        uses,
        grants: [],
        account: t.account,
        fix: (_style, missing, role) => keyPolicyFix(missing, role, { yaml: !/\.json$/i.test(t.file), noPolicy, cdk: !!t.cdk })
    });
    const custom = customGrants(t, key);
    if (check.status !== 'missing' || custom.length === 0)
        return check;
    return {
        ...check,
        status: 'unknown',
        unknowns: custom.map(r => ({
            what: resourceName(t, r),
            pos: r.pos,
            how: 'a custom resource given this key may create a grant for the Auto Scaling role, which is not read before deploy: run verify against the account once deployed, or add the statements to the KeyPolicy'
        })),
        message: `${check.message.replace(/ every node launch .*$/, '')} Unless ${custom.map(r => resourceName(t, r)).join(', ')} creates a grant for it (a custom resource, not read before deploy), every node launch with a volume encrypted by this key will be cancelled with Client.InvalidKMSKey.InvalidState.`
    };
}

;// CONCATENATED MODULE: ./src/cloudformation/uses.ts
/**
 * Which KMS keys node launches use, read from a set of templates: each EKS managed node group and
 * Auto Scaling group, the launch templates it launches from (its own, and each Mixed Instances
 * override's), their EBS devices' KmsKeyId, and the service-linked role its launches run as.
 */







const uses_KEY_TYPES = new Set(['AWS::KMS::Key', 'AWS::KMS::ReplicaKey']);
/** A resource that exists: one whose Condition is false is not created (conditions-section-structure.html). */
function exists(t, resource) {
    const name = resource.raw.Condition;
    return typeof name !== 'string' || namedCondition(name, t, resource.pos) !== false;
}
function uses_templateOf(templates, ref) {
    return templates.find(t => t.file === ref.root && t.name === ref.module);
}
/** The keys a KmsKeyId value names: a key resource, an alias of one, a literal key, or unknown. */
function uses_keyTargets(value, t, templates, pos, depth = 0) {
    // AWS::NoValue (an Fn::If branch without a key): the device names no key.
    if (value === null || value === undefined || value === NO_VALUE || depth > 10)
        return [];
    if (value instanceof Unknown) {
        if (value.candidates.length)
            return value.candidates.flatMap(c => uses_keyTargets(c, t, templates, pos, depth + 1));
        const ref = value.ref;
        const owner = ref && uses_templateOf(templates, ref);
        const resource = ref && owner?.resources.get(ref.address);
        if (owner && resource && uses_KEY_TYPES.has(resource.type))
            return [{ kind: 'key', template: owner, resource }];
        if (owner && resource?.type === 'AWS::KMS::Alias')
            return uses_keyTargets(intrinsics_evaluate(resource.properties.TargetKeyId, owner, resource.pos), owner, templates, pos, depth + 1);
        return [{ kind: 'unknown', causes: value.causes, pos, text: value.text() }];
    }
    if (typeof value !== 'string')
        return [{ kind: 'unknown', causes: [], pos, text: JSON.stringify(value) }];
    const alias = /(?:^|:)(alias\/.+)$/.exec(value)?.[1];
    if (alias)
        for (const resource of t.resources.values())
            if (resource.type === 'AWS::KMS::Alias' &&
                intrinsics_evaluate(resource.properties.AliasName, t, resource.pos) === alias)
                return uses_keyTargets(intrinsics_evaluate(resource.properties.TargetKeyId, t, resource.pos), t, templates, pos, depth + 1);
    return [{ kind: 'outside', value, pos }];
}
function launchTemplates(spec, t, templates, pos) {
    if (!isRecord(spec))
        return [];
    const at = posOf(spec, pos);
    const id = intrinsics_evaluate(spec.Id ?? spec.LaunchTemplateId, t, at);
    const name = intrinsics_evaluate(spec.Name ?? spec.LaunchTemplateName, t, at);
    const found = [];
    for (const value of id instanceof Unknown && id.candidates.length ? id.candidates : [id]) {
        const owner = value instanceof Unknown && value.ref ? uses_templateOf(templates, value.ref) : undefined;
        const resource = value instanceof Unknown && value.ref ? owner?.resources.get(value.ref.address) : undefined;
        if (owner && resource?.type === 'AWS::EC2::LaunchTemplate')
            found.push({ template: owner, resource });
        else if (typeof value === 'string')
            found.push({ kind: 'outside', value, pos: at });
        else if (value instanceof Unknown)
            found.push({ kind: 'unknown', causes: value.causes, pos: at, text: value.text() });
    }
    if (typeof name === 'string') {
        const named = [...t.resources.values()].find(r => r.type === 'AWS::EC2::LaunchTemplate' &&
            intrinsics_evaluate(r.properties.LaunchTemplateName, t, r.pos) === name);
        found.push(named ? { template: t, resource: named } : { kind: 'outside', value: name, pos: at });
    }
    else if (name instanceof Unknown)
        found.push({ kind: 'unknown', causes: name.causes, pos: at, text: name.text() });
    return found;
}
function uses_roleText(value, t) {
    if (typeof value === 'string')
        return value;
    if (value instanceof Unknown)
        return value.parts ? value.parts.join('${…}') : '${…}';
    return `arn:${THIS_PARTITION}:iam::${t.account ?? THIS_ACCOUNT}:${model_check/* SLR_PATH */.at}`;
}
/**
 * EKS managed node groups always launch as AWSServiceRoleForAutoScaling (the group's ASG is
 * EKS's); an Auto Scaling group as its ServiceLinkedRoleARN when set
 * (aws-resource-autoscaling-autoscalinggroup.html#cfn-autoscaling-autoscalinggroup-servicelinkedrolearn).
 */
function uses_launchers(t) {
    const list = [];
    for (const resource of t.resources.values()) {
        if (!exists(t, resource))
            continue;
        const p = resource.properties;
        if (resource.type === 'AWS::EKS::Nodegroup')
            list.push({ resource, specs: [p.LaunchTemplate ?? null], role: uses_roleText(null, t) });
        if (resource.type === 'AWS::AutoScaling::AutoScalingGroup') {
            const mixed = isRecord(p.MixedInstancesPolicy) && isRecord(p.MixedInstancesPolicy.LaunchTemplate)
                ? p.MixedInstancesPolicy.LaunchTemplate
                : {};
            const overrides = Array.isArray(mixed.Overrides) ? mixed.Overrides : [];
            const specs = [
                p.LaunchTemplate ?? null,
                mixed.LaunchTemplateSpecification ?? null,
                ...overrides.map(o => (isRecord(o) ? (o.LaunchTemplateSpecification ?? null) : null))
            ];
            const role = p.ServiceLinkedRoleARN === undefined
                ? null
                : intrinsics_evaluate(p.ServiceLinkedRoleARN, t, keyPos(p, 'ServiceLinkedRoleARN', resource.pos));
            list.push({ resource, specs, role: uses_roleText(role, t) });
        }
    }
    return list;
}
/** The EBS devices of a launch template, each with the key value it names and where. */
function uses_devices(t, lt) {
    const data = lt.properties.LaunchTemplateData;
    const mappings = isRecord(data) ? data.BlockDeviceMappings : undefined;
    const raw = Array.isArray(mappings) ? mappings : [];
    return raw.flatMap(device => {
        if (!isRecord(device) || !isRecord(device.Ebs) || device.Ebs.KmsKeyId === undefined)
            return [];
        const pos = keyPos(device.Ebs, 'KmsKeyId', lt.pos);
        const name = typeof device.DeviceName === 'string' ? device.DeviceName : 'a block device';
        return [{ name, key: intrinsics_evaluate(device.Ebs.KmsKeyId, t, pos), pos }];
    });
}
function uses_keyUses(templates) {
    const uses = [];
    const launched = new Set();
    for (const t of templates) {
        for (const launcher of uses_launchers(t)) {
            const consumer = resourceName(t, launcher.resource);
            for (const spec of launcher.specs)
                for (const found of launchTemplates(spec, t, templates, launcher.resource.pos)) {
                    if ('kind' in found) {
                        if (found.kind !== 'outside' || !found.value.startsWith('lt-'))
                            continue;
                        uses.push({
                            target: {
                                kind: 'unknown',
                                causes: [
                                    {
                                        what: `launch template ${found.value}`,
                                        pos: found.pos,
                                        how: `it is not in this template: run \`aws ec2 describe-launch-template-versions --launch-template-id ${found.value} --query 'LaunchTemplateVersions[].LaunchTemplateData.BlockDeviceMappings[].Ebs.KmsKeyId'\` and verify that key`
                                    }
                                ],
                                pos: found.pos,
                                text: found.value
                            },
                            site: {
                                consumer,
                                via: `launch template ${found.value}`,
                                role: launcher.role,
                                file: found.pos?.file,
                                line: found.pos?.line
                            }
                        });
                        continue;
                    }
                    launched.add(found.resource);
                    for (const device of uses_devices(found.template, found.resource))
                        for (const target of uses_keyTargets(device.key, found.template, templates, device.pos))
                            uses.push({
                                target,
                                site: {
                                    consumer,
                                    via: `${resourceName(found.template, found.resource)} ${device.name}`,
                                    role: launcher.role,
                                    file: device.pos.file,
                                    line: device.pos.line
                                }
                            });
                }
        }
    }
    for (const t of templates)
        for (const lt of t.resources.values()) {
            if (lt.type !== 'AWS::EC2::LaunchTemplate' || launched.has(lt) || !exists(t, lt))
                continue;
            for (const device of uses_devices(t, lt))
                for (const target of uses_keyTargets(device.key, t, templates, device.pos))
                    uses.push({
                        target,
                        site: {
                            consumer: '(no group in this template)',
                            via: `${resourceName(t, lt)} ${device.name}`,
                            role: uses_roleText(null, t),
                            file: device.pos.file,
                            line: device.pos.line,
                            orphan: true
                        }
                    });
        }
    return uses;
}

;// CONCATENATED MODULE: ./src/cloudformation/read.ts





/** The command that shows a key's policy, for a key check cannot see. */
function keyPolicyCommand(key) {
    return `aws kms get-key-policy --key-id ${key} --policy-name default --output text`;
}
function read_targetCheck(target, uses) {
    if (target.kind === 'outside')
        return outsideKey(target.value, target.pos, uses, {
            how: `it is not declared in these templates: run \`${keyPolicyCommand(target.value)}\`, or verify against the account`,
            message: `The key ${target.value} is not declared in these templates; check its policy with \`${keyPolicyCommand(target.value)}\` or run verify against the account.`
        });
    const via = uses[0]?.via ?? target.text;
    return undecidedKey({ key: `the key of ${via}`, via, text: target.text }, target.pos, uses, target.causes);
}
function idOf(target) {
    if (target.kind === 'key')
        return `key|${target.template.file}|${target.template.name}|${target.resource.id}`;
    if (target.kind === 'outside')
        return `outside|${target.value}`;
    return `unknown|${target.pos?.file}:${target.pos?.line}|${target.text}`;
}
/** Whether the templates create the Auto Scaling service-linked role (AWS::IAM::ServiceLinkedRole). */
function declaresRole(templates) {
    return templates.some(t => [...t.resources.values()].some(r => r.type === 'AWS::IAM::ServiceLinkedRole' &&
        exists(t, r) &&
        intrinsics_evaluate(r.properties.AWSServiceName, t, r.pos) === 'autoscaling.amazonaws.com'));
}
function checkTemplates(templates) {
    const grouped = new Map();
    for (const { target, site } of uses_keyUses(templates)) {
        const entry = grouped.get(idOf(target)) ?? { target, uses: [] };
        if (!entry.uses.some(u => u.consumer === site.consumer && u.via === site.via && u.role === site.role))
            entry.uses.push(site);
        grouped.set(idOf(target), entry);
    }
    const keys = [...grouped.values()].map(({ target, uses }) => target.kind === 'key'
        ? orphaned(checkCfnKey(target.template, target.resource, uses))
        : read_targetCheck(target, uses));
    const naming = keys.filter(k => k.status === 'granted' || k.status === 'missing');
    const cautions = naming.length && !declaresRole(templates)
        ? [
            {
                rule: 'roleNotDeclared',
                message: 'No AWS::IAM::ServiceLinkedRole for autoscaling.amazonaws.com is declared. On a fresh account the role does not exist yet and a key policy naming it fails with "invalid principals": declare one (AWSServiceName: autoscaling.amazonaws.com) and make the key DependsOn it.',
                file: naming[0].file,
                line: naming[0].line,
                keys: naming.filter(k => k.status === 'granted').map(k => k.key)
            }
        ]
        : [];
    return { keys, cautions };
}
/** A key only unlaunched templates use: what would fail is said, as "cannot tell" (as for Terraform). */
function orphaned(check) {
    return onlyElsewhere(check, {
        scope: 'these templates',
        how: 'none in these templates does: check the stack that launches from it, or remove the unused launch template'
    });
}


;// CONCATENATED MODULE: ./src/cdk/assembly.ts
/**
 * A CDK cloud assembly (what `cdk synth` writes to cdk.out) as the CloudFormation templates it
 * holds: manifest.json's stack artifacts (properties.templateFile, the account of their
 * environment), stages' nested assemblies (cdk:cloud-assembly, properties.directoryName), and
 * nested stacks (<id>.nested.template.json, linked to their parent's AWS::CloudFormation::Stack
 * by its aws:asset:path metadata) — docs.aws.amazon.com/cdk/v2/guide/ref-cli-cmd-synth.html and
 * the cloud assembly schema (@aws-cdk/cloud-assembly-schema, artifact-schema).
 */





function load(reader, path) {
    const shown = (0,external_node_path_.relative)(reader.cwd, path) || path;
    const read = reader.workspace.read(path);
    if (isRefusal(read))
        reader.out.errors.push({ path: shown, message: read.refused });
    if (!('text' in read)) {
        if (!isRefusal(read))
            reader.out.errors.push({
                path: shown,
                message: `${shown} is named by the cloud assembly but does not exist: run cdk synth again`
            });
        return undefined;
    }
    reader.out.files++;
    const parsed = parseSource(read.text, shown);
    if (parsed.error) {
        reader.out.problems.push({
            path: shown,
            line: parsed.error.line,
            message: parsed.error.message,
            unread: true
        });
        return undefined;
    }
    const body = parsed.documents[0];
    return isRecord(body) ? body : undefined;
}
/** The nested stacks a template creates, read and linked, then theirs. */
function nested(reader, dir, parent, depth) {
    if (depth > 10)
        return;
    for (const resource of parent.resources.values()) {
        const metadata = isRecord(resource.raw.Metadata) ? resource.raw.Metadata : {};
        const asset = metadata['aws:asset:path'];
        if (resource.type !== 'AWS::CloudFormation::Stack' || typeof asset !== 'string')
            continue;
        const path = (0,external_node_path_.join)(dir, asset);
        reader.linked.add(path);
        const body = load(reader, path);
        if (!body)
            continue;
        const child = toTemplate(body, (0,external_node_path_.relative)(reader.cwd, path), `${parent.name}/${resource.construct
            ?.replace(/\.NestedStack\/.*$/, '')
            .split('/')
            .pop() ?? resource.id}`);
        nest(parent, resource, child);
        reader.out.templates.push(child);
        nested(reader, dir, child, depth + 1);
    }
}
function stacks(reader, dir, depth) {
    if (depth > 10)
        return;
    const manifest = load(reader, (0,external_node_path_.join)(dir, 'manifest.json'));
    const artifacts = manifest && isRecord(manifest.artifacts) ? manifest.artifacts : {};
    for (const [id, artifact] of Object.entries(artifacts)) {
        if (!isRecord(artifact))
            continue;
        const properties = isRecord(artifact.properties) ? artifact.properties : {};
        if (artifact.type === 'cdk:cloud-assembly' && typeof properties.directoryName === 'string')
            stacks(reader, (0,external_node_path_.join)(dir, properties.directoryName), depth + 1);
        if (artifact.type !== 'aws:cloudformation:stack' || typeof properties.templateFile !== 'string')
            continue;
        const path = (0,external_node_path_.join)(dir, properties.templateFile);
        const body = load(reader, path);
        if (!body)
            continue;
        const template = toTemplate(body, (0,external_node_path_.relative)(reader.cwd, path), typeof artifact.displayName === 'string' ? artifact.displayName : id);
        template.cdk = true;
        // aws://<account>/<region>: a concrete account is "this account"; unknown-account stays symbolic.
        const account = /^aws:\/\/(\d{12})\//.exec(String(artifact.environment ?? ''))?.[1];
        if (account)
            template.account = account;
        reader.out.templates.push(template);
        nested(reader, dir, template, 0);
    }
    // Nested templates no parent names (asset metadata off): read on their own.
    let names;
    try {
        names = (0,external_node_fs_.readdirSync)(dir).filter(n => n.endsWith('.nested.template.json'));
    }
    catch {
        return;
    }
    for (const name of names) {
        const path = (0,external_node_path_.join)(dir, name);
        if (reader.linked.has(path))
            continue;
        const body = load(reader, path);
        if (!body)
            continue;
        const template = toTemplate(body, (0,external_node_path_.relative)(reader.cwd, path), name.replace(/\.nested\.template\.json$/, ''));
        template.cdk = true;
        reader.out.templates.push(template);
    }
}
function readAssembly(dir, cwd, workspace) {
    const reader = {
        cwd,
        workspace,
        out: { templates: [], files: 0, problems: [], errors: [] },
        linked: new Set()
    };
    stacks(reader, dir, 0);
    return reader.out;
}

;// CONCATENATED MODULE: ./src/eksctl/read.ts
/**
 * eksctl's ClusterConfig (apiVersion eksctl.io/v1alpha5, kind ClusterConfig): which keys its node
 * groups' volumes use. eksctl copies volumeKmsKeyID into the launch template it generates and
 * leaves the key policy to the user (eksctl.io/usage/schema: volumeEncrypted, volumeKmsKeyID;
 * examples/10-encrypted-volumes.yaml points at the Auto Scaling key policy requirements). The key
 * policy is never in this file: each key "needs checking", with the commands that check it.
 */



function isClusterConfig(document) {
    return (isRecord(document) &&
        typeof document.apiVersion === 'string' &&
        document.apiVersion.startsWith('eksctl.io/') &&
        document.kind === 'ClusterConfig');
}
const read_ROLE = `arn:${THIS_PARTITION}:iam::${THIS_ACCOUNT}:${model_check/* SLR_PATH */.at}`;
function sites(file, body, cluster) {
    const keys = [];
    const templates = [];
    for (const list of ['managedNodeGroups', 'nodeGroups']) {
        const groups = body[list];
        for (const group of Array.isArray(groups) ? groups : []) {
            if (!isRecord(group))
                continue;
            const consumer = `${list}: ${typeof group.name === 'string' ? group.name : '(unnamed)'} (cluster ${cluster})`;
            const at = posOf(group, { file, line: 1 });
            const template = group.launchTemplate;
            if (isRecord(template) && typeof template.id === 'string') {
                const pos = keyPos(template, 'id', at);
                templates.push({
                    key: template.id,
                    site: {
                        consumer,
                        via: `launch template ${template.id}${template.version ? ` version ${String(template.version)}` : ''}`,
                        role: read_ROLE,
                        file: pos.file,
                        line: pos.line
                    }
                });
            }
            const volumes = [
                group,
                ...(Array.isArray(group.additionalVolumes) ? group.additionalVolumes : [])
            ];
            for (const volume of volumes) {
                if (!isRecord(volume) ||
                    typeof volume.volumeKmsKeyID !== 'string' ||
                    !volume.volumeKmsKeyID)
                    continue;
                const pos = keyPos(volume, 'volumeKmsKeyID', at);
                const via = volume === group
                    ? 'volumeKmsKeyID'
                    : `additionalVolumes ${String(volume.volumeName ?? '')} volumeKmsKeyID`.replace('  ', ' ');
                keys.push({
                    key: volume.volumeKmsKeyID,
                    site: { consumer, via, role: read_ROLE, file: pos.file, line: pos.line }
                });
            }
        }
    }
    return { keys, templates };
}
function grouped(list) {
    const map = new Map();
    for (const { key, site } of list)
        map.set(key, [...(map.get(key) ?? []), site]);
    return map;
}
function checkCluster(file, body) {
    const metadata = isRecord(body.metadata) ? body.metadata : {};
    const cluster = typeof metadata.name === 'string' ? metadata.name : '<cluster>';
    const region = typeof metadata.region === 'string' ? metadata.region : '<region>';
    const { keys, templates } = sites(file, body, cluster);
    const checks = [];
    for (const [key, uses] of grouped(keys)) {
        const verify = `eks-kms-guard verify --cluster-name ${cluster} --aws-region ${region} --kms-key-ids ${key}`;
        const cli = `aws kms get-key-policy --region ${region} --key-id ${key} --policy-name default --output text`;
        checks.push({
            key,
            file: uses[0].file,
            line: uses[0].line,
            style: 'unknown',
            status: 'outside',
            uses,
            decidedBy: [],
            unknowns: [
                {
                    what: `the policy of ${key}`,
                    pos: uses[0].file ? { file: uses[0].file, line: uses[0].line ?? 1 } : undefined,
                    how: `it is not in an eksctl file: run \`${verify}\` (or \`${cli}\`) and check it lets the role ${model_check/* SLR_PATH */.at} use the key`
                }
            ],
            message: `Needs checking: ${uses.map(u => u.consumer).join(', ')} encrypt${uses.length === 1 ? 's' : ''} node volumes with ${key}, and eksctl leaves that key's policy to you. If it does not let the EC2 Auto Scaling service-linked role use the key, every node launch is cancelled with Client.InvalidKMSKey.InvalidState. Check it with \`${verify}\` (deploy mode patches it), or read it with \`${cli}\`.`
        });
    }
    for (const [template, uses] of grouped(templates)) {
        const cli = `aws ec2 describe-launch-template-versions --region ${region} --launch-template-id ${template} --query 'LaunchTemplateVersions[].LaunchTemplateData.BlockDeviceMappings[].Ebs.KmsKeyId'`;
        checks.push({
            key: `the key of launch template ${template}`,
            file: uses[0].file,
            line: uses[0].line,
            style: 'unknown',
            status: 'unknown',
            uses,
            decidedBy: [],
            unknowns: [
                {
                    what: `launch template ${template}`,
                    pos: uses[0].file ? { file: uses[0].file, line: uses[0].line ?? 1 } : undefined,
                    how: `it is not in this file: run \`${cli}\`, then verify that key`
                }
            ],
            message: `Needs checking: ${uses.map(u => u.consumer).join(', ')} launch${uses.length === 1 ? 'es' : ''} from ${template}, which is not in this file; its volumes' key (if any) is found with \`${cli}\`, then checked with \`eks-kms-guard verify --cluster-name ${cluster} --aws-region ${region}\`.`
        });
    }
    return checks;
}

;// CONCATENATED MODULE: ./src/check/scan.ts
/**
 * The YAML and JSON files under check's paths, each told by its content: a CloudFormation
 * template, an eksctl ClusterConfig, or a CDK cloud assembly (a folder whose manifest.json lists
 * artifacts, read as a whole, not as loose templates). Read through the workspace's sandbox.
 */







const DATA_FILE = /\.(ya?ml|json|template)$/i;
async function candidates(paths, cwd, workspace) {
    const patterns = [];
    const files = [];
    for (const raw of paths) {
        const absolute = (0,external_node_path_.isAbsolute)(raw) ? raw : (0,external_node_path_.resolve)(cwd, raw);
        const info = (0,external_node_fs_.existsSync)(absolute) ? (0,external_node_fs_.statSync)(absolute) : undefined;
        if (info?.isFile())
            files.push(absolute);
        else if (info?.isDirectory() && !workspace.isDirectoryInside(absolute))
            continue;
        else
            patterns.push(`${raw.replace(/\/+$/, '')}/**/*.{yaml,yml,json,template}`, raw);
    }
    const matched = patterns.length
        ? await (0,dist/* glob */.TI)(patterns, {
            cwd,
            absolute: true,
            ignore: [
                '**/.terraform/**',
                '**/node_modules/**',
                '**/.git/**',
                '**/*.tf.json',
                '**/*.tofu.json'
            ],
            dot: false,
            followSymbolicLinks: false,
            deep: workspace.limits.globDepth
        })
        : [];
    return [...new Set([...files, ...matched])].filter(f => DATA_FILE.test(f)).sort();
}
function isAssemblyManifest(body) {
    return (!!body &&
        typeof body === 'object' &&
        !Array.isArray(body) &&
        typeof body.artifacts === 'object' &&
        typeof body.version === 'string');
}
/** Files that are never a template or a ClusterConfig: not read at all. */
const NOT_IAC = /(^|\/)(package(-lock)?\.json|tsconfig[^/]*\.json|composer\.(json|lock)|cdk(\.context)?\.json|renovate\.json|\.eslintrc[^/]*|[^/]*\.schema\.json|pnpm-lock\.yaml|\.pre-commit-config\.yaml|docker-compose[^/]*\.ya?ml|\.?codecov\.ya?ml|mkdocs\.ya?ml)$/i;
/** Names a template or ClusterConfig usually has: a file of such a name that cannot be read is said. */
const LIKELY_IAC = /(template|stack|cfn|cloudformation|eksctl|cluster|nodegroup|infra)/i;
async function scan(paths, cwd, workspace, cdkOut) {
    const found = { templates: [], clusters: [], assemblies: [], problems: [], errors: [] };
    const shown = (f) => (0,external_node_path_.relative)(cwd, f) || f;
    const assemblyDirs = cdkOut.map(d => (0,external_node_path_.resolve)(cwd, d));
    const texts = new Map();
    const files = (await candidates(paths, cwd, workspace)).filter(f => !NOT_IAC.test(f));
    const unreadable = [];
    for (const file of files.slice(0, workspace.limits.files)) {
        workspace.checkDeadline();
        const read = workspace.read(file);
        // Any YAML or JSON file is looked at; one that cannot be read matters only if it may be one of ours.
        if (isRefusal(read) && LIKELY_IAC.test(shown(file)))
            unreadable.push(`${shown(file)} (${read.refused})`);
        if (!('text' in read))
            continue;
        if (file.endsWith('manifest.json')) {
            const { documents } = parseSource(read.text, shown(file));
            if (isAssemblyManifest(documents[0] ?? null))
                assemblyDirs.push((0,external_node_path_.dirname)(file));
        }
        else if (/Resources|ClusterConfig/.test(read.text))
            texts.set(file, read.text);
    }
    if (unreadable.length)
        found.problems.push({
            path: shown(unreadable[0].replace(/ \(.*$/, '')),
            message: `not read, so a CloudFormation template or eksctl file there would not be checked: ${unreadable.slice(0, 5).join('; ')}${unreadable.length > 5 ? ` and ${unreadable.length - 5} more` : ''}. Name the folders to read with paths.`
        });
    const inAssembly = (f) => assemblyDirs.some(d => !(0,external_node_path_.relative)(d, f).startsWith('..'));
    for (const [file, text] of texts) {
        if (inAssembly(file))
            continue;
        const parsed = parseSource(text, shown(file));
        if (parsed.error) {
            if (/AWSTemplateFormatVersion|eksctl\.io/.test(text))
                found.problems.push({
                    path: shown(file),
                    line: parsed.error.line,
                    message: parsed.error.message,
                    unread: true
                });
            continue;
        }
        for (const document of parsed.documents) {
            if (isTemplate(document))
                found.templates.push({ file: shown(file), body: document });
            else if (isClusterConfig(document))
                found.clusters.push({ file: shown(file), body: document });
        }
    }
    // A stage's assembly is read through the assembly that holds it, once.
    const unique = [...new Set(assemblyDirs)];
    found.assemblies = unique.filter(d => (0,external_node_fs_.existsSync)((0,external_node_path_.join)(d, 'manifest.json')) &&
        !unique.some(o => o !== d && !(0,external_node_path_.relative)(o, d).startsWith('..')));
    return found;
}

;// CONCATENATED MODULE: ./src/check/run.ts
/**
 * check across formats: each reader (Terraform, CloudFormation, CDK, eksctl) reads what it knows
 * under the paths into the same findings — keys, their verdicts by one judge, what cannot be told
 * — and this merges them into one outcome that the annotations, SARIF and report show alike.
 */











/** A template or ClusterConfig that did not parse: what it holds was not checked. */
function run_unreadCheck(problem) {
    return unreadPlace(problem, { how: 'make it parse (cfn-lint or eksctl utils names the error)' });
}
async function otherFormats(options) {
    const workspace = new Workspace(options.workspace ?? options.cwd, options.limits, {
        timeoutMs: options.timeoutMs,
        now: options.now
    });
    const wanted = new Set(options.formats);
    const found = await scan(options.paths, options.cwd, workspace, wanted.has('cdk') ? (options.cdkOut ?? []) : []);
    const reads = [];
    const unread = (problems) => problems.filter(p => p.unread).map(run_unreadCheck);
    const warnings = found.problems.filter(p => !p.unread);
    if (warnings.length)
        reads.push({ format: 'cloudformation', files: 0, keys: [], problems: warnings });
    if (wanted.has('cloudformation') &&
        (found.templates.length || found.problems.some(p => p.unread))) {
        const templates = found.templates.map(f => toTemplate(f.body, f.file));
        linkNested(templates);
        const checked = checkTemplates(templates);
        reads.push({
            format: 'cloudformation',
            files: templates.length,
            keys: [...checked.keys, ...unread(found.problems)],
            cautions: checked.cautions,
            errors: found.errors
        });
    }
    if (wanted.has('cdk'))
        for (const dir of found.assemblies) {
            const assembly = readAssembly((0,external_node_path_.resolve)(options.cwd, dir), options.cwd, workspace);
            const checked = checkTemplates(assembly.templates);
            reads.push({
                format: 'cdk',
                files: assembly.templates.length,
                keys: [...checked.keys, ...unread(assembly.problems)],
                cautions: checked.cautions,
                errors: assembly.errors
            });
        }
    if (wanted.has('eksctl') && found.clusters.length)
        reads.push({
            format: 'eksctl',
            files: found.clusters.length,
            keys: found.clusters.flatMap(c => checkCluster(c.file, c.body))
        });
    return reads;
}
function merge(format) {
    const merged = new Map();
    for (const read of format) {
        const into = merged.get(read.format);
        if (!into)
            merged.set(read.format, { ...read });
        else
            merged.set(read.format, {
                format: read.format,
                files: into.files + read.files,
                keys: [...into.keys, ...read.keys],
                errors: [...(into.errors ?? []), ...(read.errors ?? [])],
                problems: [...(into.problems ?? []), ...(read.problems ?? [])],
                cautions: [...(into.cautions ?? []), ...(read.cautions ?? [])]
            });
    }
    return [...merged.values()];
}
/** A cdk-out folder that is not a cloud assembly: said by name, never skipped without a word. */
function notAnAssembly(options) {
    if (!options.formats.includes('cdk'))
        return undefined;
    const missing = (options.cdkOut ?? []).filter(d => !(0,external_node_fs_.existsSync)((0,external_node_path_.join)((0,external_node_path_.resolve)(options.cwd, d), 'manifest.json')));
    if (missing.length === 0)
        return undefined;
    return `Input 'cdk-out' names ${missing.join(', ')}, which holds no manifest.json: it accepts the folders cdk synth writes a cloud assembly to (cdk.out unless cdk.json says otherwise), relative to working-directory. Run cdk synth before check.`;
}
async function runAllChecks(options) {
    const noAssembly = notAnAssembly(options);
    if (noAssembly)
        return {
            result: 'failure',
            keys: [],
            problems: [],
            errors: [],
            notes: [],
            filesRead: 0,
            inputError: noAssembly
        };
    const terraform = options.formats.includes('terraform')
        ? await runCheck({ ...options, paths: options.terraformPaths ?? options.paths })
        : undefined;
    if (terraform?.result === 'timeout')
        return { ...terraform, formatsRead: [{ format: 'terraform', files: terraform.filesRead }] };
    let others;
    try {
        others = merge(await otherFormats(options));
    }
    catch (error) {
        if (!(error instanceof CheckTimeout))
            throw error;
        return {
            result: 'timeout',
            keys: terraform?.keys ?? [],
            problems: [],
            errors: [],
            notes: [],
            filesRead: terraform?.filesRead ?? 0,
            inputError: error.message
        };
    }
    const otherFiles = others.reduce((n, r) => n + r.files, 0);
    // Nothing but Terraform to read: Terraform's outcome as it has always been.
    if (terraform && others.length === 0)
        return { ...terraform, formatsRead: [{ format: 'terraform', files: terraform.filesRead }] };
    const base = terraform ?? {
        result: 'success',
        keys: [],
        problems: [],
        errors: [],
        notes: [],
        filesRead: 0
    };
    // No Terraform file is no input error when another format was read.
    const noTerraform = terraform && terraform.filesRead === 0 && !options.planJson && otherFiles > 0;
    const inputError = (noTerraform ? undefined : base.inputError) ??
        (otherFiles === 0 && !terraform
            ? `Input 'paths' (${options.paths.join(', ')}) matched no ${options.formats.join(', ')} file under ${options.cwd}: check the paths (and cdk-out, after cdk synth), and that the job checks out the repository (actions/checkout) before this step.`
            : undefined);
    const keys = [...base.keys, ...others.flatMap(r => r.keys)];
    const errors = [...base.errors, ...others.flatMap(r => r.errors ?? [])];
    const formatsRead = [
        ...(terraform && terraform.filesRead > 0
            ? [{ format: 'terraform', files: terraform.filesRead }]
            : []),
        ...others.filter(r => r.files > 0).map(r => ({ format: r.format, files: r.files }))
    ];
    return {
        ...base,
        result: inputError || errors.length || keys.some(k => (0,model_check/* failsLaunches */.v1)(k.status) || k.unread)
            ? 'failure'
            : 'success',
        keys,
        errors,
        problems: [...base.problems, ...others.flatMap(r => r.problems ?? [])],
        cautions: [...(base.cautions ?? []), ...others.flatMap(r => r.cautions ?? [])],
        filesRead: base.filesRead + otherFiles,
        inputError,
        formatsRead
    };
}

;// CONCATENATED MODULE: ./src/check/mode.ts
/**
 * check mode at the action's edge: run the check, annotate the lines, write the SARIF file, set
 * the outputs, and hand the diagnosis to the report. Everything it calls on GitHub comes from
 * `sink`, so tests drive it in process.
 */






function sarifPath() {
    return (0,external_node_path_.join)(process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(), `eks-kms-guard-${process.env.GITHUB_RUN_ID ?? 'local'}-${process.env.GITHUB_RUN_ATTEMPT ?? '1'}-${process.pid}.sarif`);
}
/** check: every format read, no AWS access. Returns the diagnosis it reported. */
async function checkMode(config, timeline, sink, publish) {
    const cwd = (0,external_node_path_.resolve)(config.workingDirectory);
    const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
    const outcome = await runAllChecks({
        formats: config.formats,
        paths: config.paths,
        terraformPaths: config.terraformPaths,
        cdkOut: config.cdkOut,
        planJson: config.planJson,
        varFiles: config.varFiles,
        cwd,
        // The job's environment is Terraform's: TF_VAR_<name> set for the step counts.
        env: process.env,
        // What the pull request controls is read from the repository only, and not past timeout-minutes.
        workspace,
        timeoutMs: config.timeoutMs
    });
    timeline.add('action', 'check', `${outcome.formatsRead?.some(r => r.format !== 'terraform') ? formatsText(outcome) : `${outcome.filesRead} ${outcome.language ?? 'Terraform'} files`} read, ${outcome.keys.length} keys checked`);
    sink.setOutput('formats-read', (outcome.formatsRead ?? []).map(r => `${r.format}:${r.files}`).join(','));
    // SARIF paths are relative to the repository root, as code scanning resolves them.
    const rebased = {
        ...outcome,
        keys: outcome.keys.map(k => ({
            ...k,
            file: k.file && (0,external_node_path_.relative)(workspace, (0,external_node_path_.resolve)(cwd, k.file)),
            uses: k.uses.map(u => ({ ...u, file: u.file && (0,external_node_path_.relative)(workspace, (0,external_node_path_.resolve)(cwd, u.file)) })),
            unknowns: k.unknowns.map(c => ({
                ...c,
                pos: c.pos && { ...c.pos, file: (0,external_node_path_.relative)(workspace, (0,external_node_path_.resolve)(cwd, c.pos.file)) }
            }))
        })),
        problems: outcome.problems.map(p => ({
            ...p,
            path: (0,external_node_path_.relative)(workspace, (0,external_node_path_.resolve)(cwd, p.path))
        })),
        errors: outcome.errors.map(p => ({ ...p, path: (0,external_node_path_.relative)(workspace, (0,external_node_path_.resolve)(cwd, p.path)) })),
        cautions: outcome.cautions?.map(c => ({
            ...c,
            file: c.file && (0,external_node_path_.relative)(workspace, (0,external_node_path_.resolve)(cwd, c.file))
        }))
    };
    const all = annotations(rebased);
    const shown = sink.annotationsPerLevel ? withinLimit(all, sink.annotationsPerLevel) : all;
    for (const a of shown) {
        const properties = { title: a.title, file: a.file, startLine: a.line };
        if (a.level === 'error')
            sink.error(a.message, properties);
        else if (a.level === 'warning')
            sink.warning(a.message, properties);
        else
            sink.notice(a.message, properties);
    }
    const sarif = sarifPath();
    await (0,promises_.writeFile)(sarif, JSON.stringify(toSarif(rebased, process.env.npm_package_version ?? '1.0.0'), null, 2));
    const count = (status) => String(outcome.keys.filter(k => status.includes(k.status)).length);
    sink.setOutput('keys-checked', String(outcome.keys.length));
    sink.setOutput('keys-missing', count(['missing', 'denied', 'unusable']));
    // A key that grants what Auto Scaling needs, naming a role the configuration does not create,
    // cannot be told to work on a fresh account: a "cannot tell" like an unknown key.
    const cautioned = new Set((outcome.cautions ?? []).flatMap(c => c.keys));
    sink.setOutput('keys-cannot-tell', String(outcome.keys.filter(k => ['unknown', 'outside'].includes(k.status) || cautioned.has(k.key))
        .length));
    sink.setOutput('sarif-file', sarif);
    const diagnosis = checkDiagnosis(outcome);
    timeline.add('action', 'verdict', verdictDetail(diagnosis));
    // An input error is its annotation already: said once.
    if (!outcome.inputError)
        sink.info(diagnosis.headline);
    await publish(diagnosis, [checkTable(rebased)]);
    sink.saveState('reported', 'true');
    return diagnosis;
}


/***/ }),

/***/ 9704:
/***/ ((module, __unused_webpack_exports, __webpack_require__) => {

// web-tree-sitter's CommonJS build, required statically so the bundler carries it into dist/
// (a runner has no node_modules). Its ESM build reaches createRequire through `import("module")`,
// which the bundle's interop loses.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a static require is the point
module.exports = __webpack_require__(551)


/***/ })

};
