export const id = 834;
export const ids = [834];
export const modules = {

/***/ 6974:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   S: () => (/* binding */ requestTimeoutFor)
/* harmony export */ });
/** Request timeouts, kept apart from the SDK clients so the entry point can use them without loading the SDK. */
/** Four polls' worth, between 2 and 30 seconds: slow enough for AWS, quick enough to keep watching. */
function requestTimeoutFor(pollIntervalMs) {
    return Math.min(30_000, Math.max(2_000, 4 * pollIntervalMs));
}


/***/ }),

/***/ 8076:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $N: () => (/* binding */ canonical),
/* harmony export */   LB: () => (/* binding */ parseKeyPolicy),
/* harmony export */   N_: () => (/* binding */ lostStatements),
/* harmony export */   P7: () => (/* binding */ asStrings),
/* harmony export */   Xj: () => (/* binding */ orphanedPrincipals),
/* harmony export */   lK: () => (/* binding */ serialize),
/* harmony export */   y2: () => (/* binding */ PolicyParseError)
/* harmony export */ });
class PolicyParseError extends Error {
}
/** Parses a key policy; `Statement` may be an object or an array, as IAM allows. */
function parseKeyPolicy(text) {
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch (error) {
        throw new PolicyParseError(`The key policy is not valid JSON: ${error.message}`);
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new PolicyParseError('The key policy is not a JSON object.');
    }
    const policy = parsed;
    const statement = policy.Statement;
    if (statement === undefined)
        throw new PolicyParseError('The key policy has no Statement element.');
    const statements = Array.isArray(statement) ? statement : [statement];
    if (!statements.every(s => s !== null && typeof s === 'object' && !Array.isArray(s))) {
        throw new PolicyParseError('Every key policy statement must be a JSON object.');
    }
    return { ...policy, Statement: statements };
}
/** A string or a list of strings, as IAM allows for most elements; undefined for anything else. */
function asStrings(value) {
    if (value === undefined)
        return undefined;
    if (typeof value === 'string')
        return [value];
    if (Array.isArray(value) && value.every(v => typeof v === 'string'))
        return value;
    return undefined;
}
/** Unique ids (AROA…, AIDA…) left in a policy by principals deleted since: PutKeyPolicy rejects them. */
function orphanedPrincipals(policy) {
    const found = [];
    policy.Statement.forEach((statement, index) => {
        for (const key of ['Principal', 'NotPrincipal']) {
            const value = statement[key];
            if (!value || typeof value !== 'object' || Array.isArray(value))
                continue;
            for (const id of asStrings(value.AWS) ?? []) {
                if (/^A[A-Z0-9]{15,}$/.test(id))
                    found.push({ statement: index, id });
            }
        }
    });
    return found;
}
function serialize(policy) {
    return JSON.stringify(policy, null, 2);
}
/** The statements of `before` that `after` no longer holds as they were (nothing must be lost). */
function lostStatements(before, after) {
    const kept = new Set(after.Statement.map(s => canonical(s)));
    return before.Statement.filter(s => !kept.has(canonical(s)));
}
/** A key-order-independent form of a JSON value, for comparing statements. */
function canonical(value) {
    if (Array.isArray(value))
        return `[${value.map(canonical).join(',')}]`;
    if (value && typeof value === 'object') {
        return `{${Object.keys(value)
            .sort()
            .map(k => `${JSON.stringify(k)}:${canonical(value[k])}`)
            .join(',')}}`;
    }
    return JSON.stringify(value);
}


/***/ }),

/***/ 4333:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CE: () => (/* binding */ ownerRefusal),
/* harmony export */   If: () => (/* binding */ refusedCalls),
/* harmony export */   MV: () => (/* binding */ assessForeignKey),
/* harmony export */   eZ: () => (/* binding */ accountOfReference),
/* harmony export */   jX: () => (/* binding */ GRANT_NAME),
/* harmony export */   jt: () => (/* binding */ refusedKeyFacts),
/* harmony export */   uf: () => (/* binding */ ownerStatements)
/* harmony export */ });
/* unused harmony export untrusted */
/* harmony import */ var _aws_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1528);
/* harmony import */ var _requirements_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(421);
/**
 * Another account's key, as this account can see it. KMS allows a cross-account call only when
 * the owner's key policy allows this account AND this account's IAM policy allows the caller
 * (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html);
 * the least-privilege policies of this project allow DescribeKey, ListGrants and CreateGrant on any
 * account's key, so an AccessDenied on another account's key is the owner's key policy speaking —
 * a fact about the key, never about this run's role. GetKeyPolicy never works across accounts.
 *
 * The Auto Scaling service-linked role can use another account's key only through a grant (or an
 * IAM policy, which a service-linked role cannot be given), and a Deny of the owner's policy still
 * wins: the EC2 Auto Scaling user guide's cross-account example has the owner allow this account's
 * root the use actions and kms:CreateGrant, then this account creates the grant
 * (https://docs.aws.amazon.com/autoscaling/ec2/userguide/key-policy-requirements-EBS-encryption.html).
 */


/** The name deploy gives its grant: KMS returns the same grant for the same name and parameters. */
const GRANT_NAME = 'eks-kms-guard-autoscaling-ebs';
/** The account a key or alias ARN names; undefined for a key id or alias name (this account's). */
function accountOfReference(reference) {
    return /^arn:[^:]+:kms:[^:]*:(\d{12}):/.exec(reference)?.[1];
}
/** An AccessDenied from another account's key: the owner's key policy refused this call. */
function ownerRefusal(error, owner, caller) {
    return error instanceof _aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PermissionError */ .i_ && owner !== undefined && owner !== caller;
}
/** Facts of a key whose owner refuses even DescribeKey: only its ARN and account are known. */
function refusedKeyFacts(reference, owner) {
    return {
        reference,
        found: false,
        arn: /:key\//.test(reference) ? reference : undefined,
        account: owner,
        grants: [],
        ownerRefused: ['kms:DescribeKey']
    };
}
/** The owner's key policy refused these calls of this run (kms:DescribeKey, kms:ListGrants, …). */
function refusedCalls(facts) {
    return facts.ownerRefused ?? [];
}
/** The owner's policy does not trust this account at all: even DescribeKey is refused. */
function untrusted(facts) {
    return refusedCalls(facts).includes('kms:DescribeKey');
}
/**
 * The cross-account part of a key's assessment: a grant to the role decides it. When the owner's
 * policy hides the grants (ListGrants refused, as in the guide's example), the key is not blamed
 * without evidence: the launches' own failures decide it (see the verdict).
 */
function assessForeignKey(assessment, roleArn) {
    const { facts, causes, ruledOut, openQuestions } = assessment;
    const owner = facts.account ?? '?';
    const refused = refusedCalls(facts);
    if (refused.length > 0)
        openQuestions.push(`the key policy of account ${owner} refuses this account ${refused.join(', ')}; only that account can change it`);
    if (untrusted(facts)) {
        causes.push('kms-key-cross-account');
        return;
    }
    if (refused.includes('kms:CreateGrant') && !assessment.grantCovers) {
        causes.push('kms-key-cross-account');
        return;
    }
    if (assessment.grantCovers) {
        ruledOut.push(`a grant lets ${roleArn} use the key of account ${owner}`);
        openQuestions.push(`whether a Deny of account ${owner}'s key policy (which this account cannot read) overrides that grant`);
    }
    else if (facts.grantsUnknown)
        openQuestions.push(`whether a grant lets ${roleArn} use the key: account ${owner}'s key policy refuses kms:ListGrants, so failed launches decide it`);
    else
        causes.push('kms-key-cross-account');
}
/** What the owner must add to its key policy: the guide's two statements for this account. */
function ownerStatements(partition, account, refused) {
    const root = { AWS: `arn:${partition}:iam::${account}:root` };
    const use = {
        Sid: `AllowExternalAccount${account}Use`,
        Effect: 'Allow',
        Principal: root,
        Action: [..._requirements_js__WEBPACK_IMPORTED_MODULE_1__/* .USE_STATEMENT_ACTIONS */ .up],
        Resource: '*'
    };
    const grants = {
        Sid: `AllowExternalAccount${account}Grants`,
        Effect: 'Allow',
        Principal: root,
        Action: 'kms:CreateGrant',
        Resource: '*'
    };
    // A refused CreateGrant alone, with DescribeKey answered, means the use statement is there.
    const onlyGrants = refused.includes('kms:CreateGrant') && !refused.includes('kms:DescribeKey');
    return onlyGrants ? [grants] : [use, grants];
}


/***/ }),

/***/ 3404:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   hm: () => (/* binding */ launcherRequirements),
/* harmony export */   r5: () => (/* binding */ LAUNCHER_USE_ACTIONS)
/* harmony export */ });
/* unused harmony export SID_LAUNCHER */
/* harmony import */ var _requirements_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(421);

/**
 * What EBS asks KMS for when it creates a launch's encrypted volume with the launcher's session
 * (the least-privilege set the reference's IAM policies grant: no Encrypt or plaintext data
 * keys), so a key that grants only these is not called missing.
 */
const LAUNCHER_USE_ACTIONS = [
    'kms:Decrypt',
    'kms:ReEncryptFrom',
    'kms:ReEncryptTo',
    'kms:GenerateDataKeyWithoutPlaintext',
    'kms:DescribeKey'
];
const SID_LAUNCHER = {
    karpenter: { use: 'EksKmsGuardKarpenterUse', grants: 'EksKmsGuardKarpenterGrants' },
    'auto-mode': { use: 'EksKmsGuardAutoModeUse', grants: 'EksKmsGuardAutoModeGrants' }
};
/** Auto Mode's documented grant statement also lets the role list and revoke its grants. */
const GRANT_ACTIONS = {
    karpenter: ['kms:CreateGrant'],
    'auto-mode': ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant']
};
/**
 * The two statements a launcher's role needs on the key, with stable Sids; each narrowed to EBS
 * through EC2 of this Region, so adding it lets the role use the key for volumes only.
 */
function launcherRequirements(input) {
    const { principal, region, account } = input;
    const role = principal.roleArn;
    const launcher = principal.launcher;
    const context = (0,_requirements_js__WEBPACK_IMPORTED_MODULE_0__/* .ebsContext */ .ci)(region, account, role);
    const viaEc2 = { StringEquals: { 'kms:ViaService': `ec2.${region}.amazonaws.com` } };
    return [
        {
            id: 'launcher-use',
            launcher,
            statement: {
                Sid: SID_LAUNCHER[launcher].use,
                Effect: 'Allow',
                Principal: { AWS: role },
                Action: [..._requirements_js__WEBPACK_IMPORTED_MODULE_0__/* .USE_STATEMENT_ACTIONS */ .up],
                Resource: '*',
                Condition: viaEc2
            },
            requests: LAUNCHER_USE_ACTIONS.map(action => ({ principal: role, action, context })),
            identityMayGrant: true
        },
        {
            id: 'launcher-grants',
            launcher,
            statement: {
                Sid: SID_LAUNCHER[launcher].grants,
                Effect: 'Allow',
                Principal: { AWS: role },
                Action: [...GRANT_ACTIONS[launcher]],
                Resource: '*',
                Condition: { ...viaEc2, Bool: { 'kms:GrantIsForAWSResource': true } }
            },
            requests: [
                {
                    principal: role,
                    action: 'kms:CreateGrant',
                    context: { ...context, 'kms:GrantIsForAWSResource': 'true' }
                }
            ],
            identityMayGrant: true
        }
    ];
}


/***/ }),

/***/ 421:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  y: () => (/* reexport */ model/* GRANT_OPERATIONS */.y),
  up: () => (/* binding */ USE_STATEMENT_ACTIONS),
  z4: () => (/* binding */ checkRequirements),
  ci: () => (/* binding */ ebsContext),
  Ln: () => (/* binding */ requirements)
});

// UNUSED EXPORTS: CLUSTER_SECRETS_ACTIONS, SID_CLUSTER, SID_GRANTS, SID_USE, USE_ACTIONS

// EXTERNAL MODULE: ./src/kms/wildcard.ts
var wildcard = __webpack_require__(8967);
;// CONCATENATED MODULE: ./src/kms/conditions.ts

function conditionValues(raw) {
    const list = Array.isArray(raw) ? raw : [raw];
    if (!list.every(v => typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number'))
        return undefined;
    return list.map(v => String(v));
}
function ipv4(text) {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
    if (!m)
        return undefined;
    const parts = m.slice(1).map(Number);
    if (parts.some(p => p > 255))
        return undefined;
    return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}
/** IPv4 CIDR membership; undefined (cannot tell) for anything else, e.g. IPv6. */
function inCidr(cidr, address) {
    const [base, bitsText] = cidr.split('/');
    const bits = bitsText === undefined ? 32 : Number(bitsText);
    const a = ipv4(address);
    const b = ipv4(base);
    if (a === undefined || b === undefined || !(bits >= 0 && bits <= 32))
        return undefined;
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    return (a & mask) === (b & mask);
}
/** An ARN's six colon-delimited components; the resource, last, keeps any colons of its own. */
function arnComponents(text) {
    const parts = text.split(':');
    return parts.length < 6 ? undefined : [...parts.slice(0, 5), parts.slice(5).join(':')];
}
/**
 * ARN operators check each component on its own, so a wildcard never spans a component; a pattern
 * or value without the six components cannot be compared (cannot tell).
 */
function arnMatch(pattern, arn) {
    const expected = arnComponents(pattern);
    const actual = arnComponents(arn);
    if (!expected || !actual)
        return undefined;
    return expected.every((part, i) => (0,wildcard/* wildcardMatch */.U)(part, actual[i], false));
}
function numeric(text) {
    return /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : undefined;
}
/** IAM dates: ISO 8601, or epoch seconds. */
function date(text) {
    if (/^\d+$/.test(text))
        return Number(text) * 1000;
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? undefined : ms;
}
function compare(parse, test) {
    return (e, a) => {
        const x = parse(e);
        const y = parse(a);
        return x === undefined || y === undefined ? undefined : test(x, y);
    };
}
/**
 * Every condition operator of IAM (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
 * A test returns undefined when the value cannot be read as the operator's type ("cannot tell").
 */
const OPERATORS = {
    StringEquals: (e, a) => e === a,
    StringNotEquals: (e, a) => e === a,
    StringEqualsIgnoreCase: (e, a) => e.toLowerCase() === a.toLowerCase(),
    StringNotEqualsIgnoreCase: (e, a) => e.toLowerCase() === a.toLowerCase(),
    StringLike: (e, a) => (0,wildcard/* wildcardMatch */.U)(e, a, false),
    StringNotLike: (e, a) => (0,wildcard/* wildcardMatch */.U)(e, a, false),
    ArnEquals: arnMatch,
    ArnLike: arnMatch,
    ArnNotEquals: arnMatch,
    ArnNotLike: arnMatch,
    Bool: (e, a) => e.toLowerCase() === a.toLowerCase(),
    BinaryEquals: (e, a) => e === a,
    IpAddress: (e, a) => inCidr(e, a),
    NotIpAddress: (e, a) => inCidr(e, a),
    NumericEquals: compare(numeric, (e, a) => a === e),
    NumericNotEquals: compare(numeric, (e, a) => a === e),
    NumericLessThan: compare(numeric, (e, a) => a < e),
    NumericLessThanEquals: compare(numeric, (e, a) => a <= e),
    NumericGreaterThan: compare(numeric, (e, a) => a > e),
    NumericGreaterThanEquals: compare(numeric, (e, a) => a >= e),
    DateEquals: compare(date, (e, a) => a === e),
    DateNotEquals: compare(date, (e, a) => a === e),
    DateLessThan: compare(date, (e, a) => a < e),
    DateLessThanEquals: compare(date, (e, a) => a <= e),
    DateGreaterThan: compare(date, (e, a) => a > e),
    DateGreaterThanEquals: compare(date, (e, a) => a >= e)
};
/** Negated operators: true when no policy value matches (their test is the positive one). */
const NEGATED = new Set([
    'StringNotEquals',
    'StringNotEqualsIgnoreCase',
    'StringNotLike',
    'ArnNotEquals',
    'ArnNotLike',
    'NotIpAddress',
    'NumericNotEquals',
    'DateNotEquals'
]);
/** One context value against the policy values: OR for positive operators, NOR for negated. */
function valueMatch(operator, values, actual) {
    const results = values.map(v => OPERATORS[operator](v, actual));
    if (results.some(r => r === true))
        return NEGATED.has(operator) ? 'no' : 'yes';
    if (results.some(r => r === undefined))
        return 'unknown';
    return NEGATED.has(operator) ? 'yes' : 'no';
}
/** Evaluates one `Condition` block against the request context, with IAM's AND/OR rules. */
function conditionMatch(condition, context) {
    if (condition === undefined)
        return { result: 'yes', reasons: [] };
    if (!condition || typeof condition !== 'object' || Array.isArray(condition)) {
        return { result: 'unknown', reasons: ['the Condition element is malformed'] };
    }
    let result = 'yes';
    const reasons = [];
    const lowerContext = new Map(Object.entries(context).map(([k, v]) => [k.toLowerCase(), v]));
    for (const [rawOperator, block] of Object.entries(condition)) {
        const setMatch = /^(ForAnyValue|ForAllValues):(.+)$/.exec(rawOperator);
        const qualifier = setMatch?.[1];
        const unqualified = setMatch ? setMatch[2] : rawOperator;
        const ifExists = unqualified.endsWith('IfExists');
        const operator = ifExists ? unqualified.slice(0, -'IfExists'.length) : unqualified;
        if (!block || typeof block !== 'object' || Array.isArray(block)) {
            return {
                result: 'unknown',
                reasons: [`condition operator ${rawOperator} has a malformed block`]
            };
        }
        for (const [key, raw] of Object.entries(block)) {
            const values = conditionValues(raw);
            if (!values)
                return {
                    result: 'unknown',
                    reasons: [`condition ${rawOperator} ${key} has values this action cannot read`]
                };
            const actual = lowerContext.get(key.toLowerCase());
            const absent = actual === undefined && key.toLowerCase() in KNOWN_ABSENT;
            let outcome;
            if (operator === 'Null') {
                // Null: true means "the key is absent".
                if (actual === undefined && !absent) {
                    reasons.push(`condition key ${key} is not known for this request`);
                    outcome = 'unknown';
                }
                else
                    outcome = values.some(v => (v.toLowerCase() === 'true') === (actual === undefined))
                        ? 'yes'
                        : 'no';
            }
            else if (!(operator in OPERATORS)) {
                reasons.push(`condition operator ${rawOperator} is not an IAM condition operator`);
                outcome = 'unknown';
            }
            else if (actual === undefined && !absent) {
                // IfExists does not settle it: a key we cannot know may be in the request, compared.
                reasons.push(`condition key ${key} is not known for this request`);
                outcome = 'unknown';
            }
            else if (actual === undefined) {
                // A key absent from the request: IfExists passes; ForAllValues holds over the empty set;
                // ForAnyValue finds no value; a plain negated operator is true, a positive one false
                // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html).
                if (ifExists || qualifier === 'ForAllValues')
                    outcome = 'yes';
                else if (qualifier === 'ForAnyValue')
                    outcome = 'no';
                else
                    outcome = NEGATED.has(operator) ? 'yes' : 'no';
            }
            else {
                // Every present key of these requests is single-valued: a set of one value, for which
                // ForAnyValue and ForAllValues both reduce to the operator itself.
                outcome = valueMatch(operator, values, actual);
                if (outcome === 'unknown')
                    reasons.push(`condition ${rawOperator} ${key} has a value this action cannot compare`);
            }
            if (outcome === 'no')
                return { result: 'no', reasons };
            if (outcome === 'unknown')
                result = 'unknown';
        }
    }
    return { result, reasons };
}
/**
 * Condition keys absent from the requests we evaluate: the calls EC2 makes to KMS for the Auto
 * Scaling service-linked role (forward access sessions of the role, kms:ViaService = ec2). A
 * condition on them is decided, not "cannot tell". Keys present are in the request context
 * (requirements.ts `ebsContext`). Sources, AWS global condition context keys
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html):
 * - aws:SourceVpc, aws:SourceVpce, aws:VpcSourceIp: "included only if the request is made using
 *   an Amazon VPC endpoint"; EC2 calls KMS from AWS's own network, not through the user's VPC.
 * - aws:SourceIp: the requester's IP; an AWS service calling on a principal's behalf is not the
 *   user's host, so no customer address range in a policy names it (the IAM guide: an
 *   aws:SourceIp condition "denies access to an AWS service that makes calls on your behalf").
 *   Decided as absent: a range naming every address (…/0) is the one shape that could differ.
 * - aws:SourceArn, aws:SourceAccount, aws:SourceOrgID, aws:SourceOrgPaths: only "when a service
 *   principal" calls on behalf of a resource; here the caller is a role.
 * - aws:PrincipalServiceName, aws:PrincipalServiceNamesList: only for service principals.
 * - aws:username: only for IAM users. aws:SourceIdentity: only when set at AssumeRole, which a
 *   service-linked role session does not.
 * - aws:FederatedProvider: only for federated principals.
 * - kms:GrantIsForAWSResource: only on grant operations (filled in for CreateGrant).
 * - kms:EncryptionContextKeys: not decided for grants here (EBS's context is not a fixed value).
 */
const KNOWN_ABSENT = {
    'kms:grantisforawsresource': true,
    'kms:encryptioncontextkeys': true,
    'aws:sourceip': true,
    'aws:sourcevpc': true,
    'aws:sourcevpce': true,
    'aws:vpcsourceip': true,
    'aws:sourcearn': true,
    'aws:sourceaccount': true,
    'aws:sourceorgid': true,
    'aws:sourceorgpaths': true,
    'aws:principalservicename': true,
    'aws:principalservicenameslist': true,
    'aws:username': true,
    'aws:sourceidentity': true,
    'aws:federatedprovider': true
};

// EXTERNAL MODULE: ./src/kms/document.ts
var kms_document = __webpack_require__(8076);
;// CONCATENATED MODULE: ./src/kms/evaluate.ts



function accountOf(arn) {
    return /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(arn)?.[1];
}
/**
 * NotPrincipal: the statement applies to every principal it does not list. The role's calls reach
 * KMS as a session of the role (`arn:…:sts::…:assumed-role/<role>/<session>`); IAM excludes such a
 * session only when NotPrincipal names the role itself (a session ARN excludes only that session) — an account (`…:root`,
 * or the bare account id) in NotPrincipal excludes only the account root principal, not the roles
 * in it ("When you use NotPrincipal with Deny, you must also specify the account ARN of the
 * not-denied principal", and a role is excluded only by its ARN:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html).
 * So a Deny with NotPrincipal {AWS: <account root>} denies the Auto Scaling role.
 */
function notPrincipalMatch(value, principal) {
    if (value === '*')
        return 'none';
    if (typeof value !== 'object' || value === null || Array.isArray(value))
        return 'unknown';
    for (const [kind, raw] of Object.entries(value)) {
        const entries = (0,kms_document/* asStrings */.P7)(raw);
        if (!entries)
            return 'unknown';
        if (kind !== 'AWS')
            continue;
        for (const entry of entries) {
            if (entry === '*' || entry === principal)
                return 'none';
            // A session ARN excludes that one session, and the role's calls arrive under a session name
            // this action cannot know for every launcher: whether the Deny reaches them is undecided.
            const role = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(principal);
            if (role &&
                new RegExp(`^arn:${role[1]}:sts::${role[2]}:assumed-role/${role[3]}/`).test(entry))
                return 'unknown';
        }
    }
    return 'wildcard';
}
function principalMatch(statement, principal) {
    if (statement.NotPrincipal !== undefined) {
        if (statement.Principal !== undefined)
            return 'unknown'; // both: an invalid statement
        return notPrincipalMatch(statement.NotPrincipal, principal);
    }
    const value = statement.Principal;
    if (value === undefined)
        return 'none';
    if (value === '*')
        return 'wildcard';
    if (typeof value !== 'object' || value === null || Array.isArray(value))
        return 'unknown';
    let best = 'none';
    for (const [kind, raw] of Object.entries(value)) {
        const entries = (0,kms_document/* asStrings */.P7)(raw);
        if (!entries)
            return 'unknown';
        if (kind !== 'AWS')
            continue; // Service, Federated, CanonicalUser never name an IAM role
        for (const entry of entries) {
            if (entry === '*')
                return 'wildcard';
            if (entry === principal)
                return 'exact';
            const account = accountOf(principal);
            if (account &&
                (entry === account || entry === `arn:${principal.split(':')[1]}:iam::${account}:root`)) {
                best = 'account';
            }
        }
    }
    return best;
}
function actionMatch(statement, action) {
    if (statement.Action !== undefined) {
        const actions = (0,kms_document/* asStrings */.P7)(statement.Action);
        if (!actions)
            return 'unknown';
        return actions.some(a => (0,wildcard/* wildcardMatch */.U)(a, action)) ? 'yes' : 'no';
    }
    if (statement.NotAction !== undefined) {
        const actions = (0,kms_document/* asStrings */.P7)(statement.NotAction);
        if (!actions)
            return 'unknown';
        return actions.some(a => (0,wildcard/* wildcardMatch */.U)(a, action)) ? 'no' : 'yes';
    }
    // "If either of the required Resource or Action elements are missing ... the statement has no effect."
    return 'no';
}
function resourceMatch(statement, keyArn) {
    if (statement.Resource !== undefined) {
        const resources = (0,kms_document/* asStrings */.P7)(statement.Resource);
        if (!resources)
            return 'unknown';
        return resources.some(r => (0,wildcard/* wildcardMatch */.U)(r, keyArn, false)) ? 'yes' : 'no';
    }
    if (statement.NotResource !== undefined) {
        const resources = (0,kms_document/* asStrings */.P7)(statement.NotResource);
        if (!resources)
            return 'unknown';
        return resources.some(r => (0,wildcard/* wildcardMatch */.U)(r, keyArn, false)) ? 'no' : 'yes';
    }
    return 'no';
}
function and(a, b) {
    if (a === 'no' || b === 'no')
        return 'no';
    if (a === 'unknown' || b === 'unknown')
        return 'unknown';
    return 'yes';
}
/**
 * Decides a request against a key policy alone. An account principal (`…:root`) in an Allow only
 * delegates to IAM policies, so it does not count as granting; in a Deny it covers every
 * principal of the account.
 */
function evaluate(policy, keyArn, request, identityAllows = false) {
    let allow = 'no';
    const allowedBy = [];
    const openBy = [];
    const deniedBy = [];
    let denyOpen = false;
    const reasons = [];
    policy.Statement.forEach((statement, index) => {
        const effect = statement.Effect;
        if (effect !== 'Allow' && effect !== 'Deny') {
            reasons.push(`statement ${index + 1} has Effect ${JSON.stringify(effect)}`);
            if (effect !== undefined)
                openBy.push(index);
            return;
        }
        const who = principalMatch(statement, request.principal);
        let principalTri;
        if (who === 'unknown')
            principalTri = 'unknown';
        else if (who === 'none')
            principalTri = 'no';
        else if (who === 'account')
            principalTri = effect === 'Deny' || identityAllows ? 'yes' : 'no';
        else
            principalTri = 'yes';
        const condition = conditionMatch(statement.Condition, request.context);
        const match = and(and(principalTri, actionMatch(statement, request.action)), and(resourceMatch(statement, keyArn), condition.result));
        if (match === 'no')
            return;
        if (match === 'unknown') {
            const label = `statement ${statement.Sid ?? index + 1}`;
            if (who === 'unknown')
                reasons.push(`${label}: its Principal or NotPrincipal cannot be decided for ${request.principal}`);
            reasons.push(...condition.reasons.map(r => `${label}: ${r}`));
        }
        if (effect === 'Deny') {
            if (match === 'yes')
                deniedBy.push(index);
            else {
                denyOpen = true;
                openBy.push(index);
            }
        }
        else if (match === 'yes') {
            allow = 'yes';
            allowedBy.push(index);
        }
        else {
            if (allow === 'no')
                allow = 'unknown';
            openBy.push(index);
        }
    });
    if (deniedBy.length > 0)
        return { result: 'explicit-deny', statements: deniedBy, reasons };
    // A Deny can only take access away: with no Allow that could reach the request, the answer is
    // "denied" whatever the open Deny's condition would say (IAM's evaluation logic: without an
    // Allow the request is implicitly denied,
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
    if (denyOpen && allow === 'no')
        return { result: 'implicit-deny', statements: [], reasons };
    if (denyOpen)
        return { result: 'unknown', statements: openBy, reasons };
    if (allow === 'yes')
        return { result: 'allowed', statements: allowedBy, reasons };
    if (allow === 'unknown')
        return { result: 'unknown', statements: openBy, reasons };
    return { result: 'implicit-deny', statements: [], reasons };
}

// EXTERNAL MODULE: ./src/model/index.ts + 8 modules
var model = __webpack_require__(3282);
;// CONCATENATED MODULE: ./src/kms/requirements.ts

/**
 * The request context of a call the Auto Scaling role makes through EBS: EC2 calls KMS with a
 * forward access session of the role (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_forward_access_sessions.html).
 * - kms:ViaService, kms:CallerAccount: https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html
 * - aws:PrincipalArn (the role's ARN for an assumed role), aws:PrincipalAccount,
 *   aws:PrincipalType = AssumedRole, aws:PrincipalIsAWSService = false (a service-linked role is
 *   a role, not a service principal), aws:ViaAWSService = true (a service made the request with
 *   the principal's credentials, as FAS does), aws:RequestedRegion: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 * Keys known absent are listed in evaluate.ts (KNOWN_ABSENT); any other key is "cannot tell"
 * (e.g. aws:PrincipalOrgID: whether the account is in an organisation, which the action does not
 * read; aws:userid: the role's unique id; aws:CurrentTime: when the next launch happens).
 */
/**
 * Global condition keys that are in every request context, with the value they have when an AWS
 * service calls KMS for a role (AWS global condition context keys,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html):
 * aws:SecureTransport ("Availability – This key is always included in the request context"; true
 * when the request was sent over TLS, and AWS services such as EC2 and EKS call KMS over TLS: the
 * KMS API accepts TLS only, https://docs.aws.amazon.com/kms/latest/developerguide/data-protection.html).
 */
const ALWAYS_PRESENT = { 'aws:SecureTransport': 'true' };
function ebsContext(region, account, principal) {
    return {
        ...ALWAYS_PRESENT,
        'kms:ViaService': `ec2.${region}.amazonaws.com`,
        'kms:CallerAccount': account,
        'aws:PrincipalArn': principal,
        'aws:PrincipalAccount': account,
        'aws:PrincipalType': 'AssumedRole',
        'aws:PrincipalIsAWSService': 'false',
        'aws:ViaAWSService': 'true',
        'aws:RequestedRegion': region
    };
}
/** The Auto Scaling guide's first statement, as concrete KMS operations. */
const USE_ACTIONS = [
    'kms:Encrypt',
    'kms:Decrypt',
    'kms:ReEncryptFrom',
    'kms:ReEncryptTo',
    'kms:GenerateDataKey',
    'kms:GenerateDataKeyWithoutPlaintext',
    'kms:DescribeKey'
];
/** The same, as the guide writes them in its key policy statement (wildcards included). */
const USE_STATEMENT_ACTIONS = [
    'kms:Encrypt',
    'kms:Decrypt',
    'kms:ReEncrypt*',
    'kms:GenerateDataKey*',
    'kms:DescribeKey'
];
const CLUSTER_SECRETS_ACTIONS = [
    'kms:Encrypt',
    'kms:Decrypt',
    'kms:ListGrants',
    'kms:DescribeKey'
];
const SID_USE = 'EksKmsGuardAutoScalingUse';
const SID_GRANTS = 'EksKmsGuardAutoScalingGrants';
const SID_CLUSTER = 'EksKmsGuardClusterSecrets';
/** The statements of the EC2 Auto Scaling guide (and EKS's, for a secrets key), with stable Sids. */
function requirements(input) {
    const { autoscalingRoleArn: role, region, account } = input;
    const context = ebsContext(region, account, role);
    const list = [
        {
            id: 'autoscaling-use',
            statement: {
                Sid: SID_USE,
                Effect: 'Allow',
                Principal: { AWS: role },
                Action: [...USE_STATEMENT_ACTIONS],
                Resource: '*'
            },
            requests: USE_ACTIONS.map(action => ({ principal: role, action, context })),
            identityMayGrant: false
        },
        {
            id: 'autoscaling-grants',
            statement: {
                Sid: SID_GRANTS,
                Effect: 'Allow',
                Principal: { AWS: role },
                Action: 'kms:CreateGrant',
                Resource: '*',
                Condition: { Bool: { 'kms:GrantIsForAWSResource': true } }
            },
            requests: [
                {
                    principal: role,
                    action: 'kms:CreateGrant',
                    context: { ...context, 'kms:GrantIsForAWSResource': 'true' }
                }
            ],
            identityMayGrant: false
        }
    ];
    if (input.clusterRoleArn) {
        const clusterContext = {
            ...ALWAYS_PRESENT,
            'aws:PrincipalType': 'AssumedRole',
            'kms:CallerAccount': account,
            'aws:PrincipalArn': input.clusterRoleArn,
            'aws:PrincipalAccount': account
        };
        list.push({
            id: 'cluster-secrets',
            statement: {
                Sid: SID_CLUSTER,
                Effect: 'Allow',
                Principal: { AWS: input.clusterRoleArn },
                Action: CLUSTER_SECRETS_ACTIONS,
                Resource: '*'
            },
            requests: CLUSTER_SECRETS_ACTIONS.map(action => ({
                principal: input.clusterRoleArn,
                action,
                context: clusterContext
            })),
            identityMayGrant: true
        });
    }
    return list;
}
function checkRequirements(policy, keyArn, list) {
    return list.map(requirement => {
        const decisions = requirement.requests.map(r => evaluate(policy, keyArn, r, requirement.identityMayGrant));
        const statements = [...new Set(decisions.flatMap(d => d.statements))];
        const reasons = [...new Set(decisions.flatMap(d => d.reasons))];
        if (decisions.some(d => d.result === 'explicit-deny')) {
            const denying = [
                ...new Set(decisions.filter(d => d.result === 'explicit-deny').flatMap(d => d.statements))
            ];
            return { requirement, status: 'denied', statements: denying, reasons };
        }
        if (decisions.every(d => d.result === 'allowed'))
            return { requirement, status: 'granted', statements, reasons };
        if (decisions.some(d => d.result === 'unknown'))
            return { requirement, status: 'unknown', statements, reasons };
        return { requirement, status: 'missing', statements, reasons };
    });
}
/** The grant's operations live in the model, so the permissions data below `kms/` reads them too. */



/***/ }),

/***/ 8967:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   U: () => (/* binding */ wildcardMatch)
/* harmony export */ });
/** IAM's wildcard patterns, for actions, resources and the String/ArnLike condition operators. */
/** IAM wildcard match (`*`, `?`), case-insensitive as IAM compares action names. */
function wildcardMatch(pattern, value, caseInsensitive = true) {
    const source = pattern
        .split('')
        .map(c => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
        .join('');
    return new RegExp(`^${source}$`, caseInsensitive ? 'i' : '').test(value);
}


/***/ }),

/***/ 3282:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  j0: () => (/* reexport */ ADDONS_NEEDING_NODES),
  dP: () => (/* reexport */ EVENT_KINDS),
  Kk: () => (/* reexport */ FAILED_ACTIVITY),
  bV: () => (/* reexport */ FAILURE_PATTERNS),
  y: () => (/* reexport */ GRANT_OPERATIONS),
  _K: () => (/* reexport */ HEALTH_ISSUE_CAUSES),
  je: () => (/* reexport */ INPUT_NODEGROUP),
  LD: () => (/* reexport */ KEY_CAUSE_PRECEDENCE),
  e5: () => (/* reexport */ LAUNCHER_CAUSES),
  w$: () => (/* reexport */ LAUNCHER_LABEL),
  gq: () => (/* reexport */ ROOT_CAUSES),
  qs: () => (/* reexport */ UNRECOGNISED_FAILURE),
  LV: () => (/* reexport */ UPDATE_TERMINAL),
  uX: () => (/* reexport */ activeUpdate),
  Iu: () => (/* reexport */ capitalised),
  Q4: () => (/* reexport */ classifyMessage),
  LX: () => (/* reexport */ describeUpdate),
  Is: () => (/* reexport */ isSettled),
  t0: () => (/* reexport */ launcherLabel),
  qw: () => (/* reexport */ launcherLabelOf),
  Hy: () => (/* reexport */ launcherUseName),
  lw: () => (/* reexport */ newNodegroupState),
  FN: () => (/* reexport */ nextTemplates),
  XQ: () => (/* reexport */ regionOfKey),
  lU: () => (/* reexport */ updateParam)
});

// UNUSED EXPORTS: CHECK_FORMATS, FORMAT_FILES, SLR_PATH, failsLaunches, updateTargetTemplate

;// CONCATENATED MODULE: ./src/model/causes.ts
/** Root-cause ids of the contract (DESIGN.md "Outputs"), each with the sentence a reader sees. */
const ROOT_CAUSES = {
    'kms-policy-missing-autoscaling-role': 'The KMS key policy does not let the EC2 Auto Scaling service-linked role use the key and create grants for EC2, so every instance launch with an encrypted EBS volume is cancelled.',
    'kms-key-disabled': 'The KMS key is disabled (or unavailable), so EBS cannot encrypt the volumes of new instances.',
    'kms-key-pending-deletion': 'The KMS key is scheduled for deletion, so EBS cannot encrypt the volumes of new instances.',
    'kms-key-pending-import': 'The KMS key has no key material (pending import, or the imported material expired), so EBS cannot use it.',
    'kms-key-unusable-spec': 'The KMS key is not a symmetric encryption key (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT); EBS supports only those.',
    'kms-key-not-found': 'The KMS key named by the launch template does not exist (or is not visible from this account and Region).',
    'kms-key-cross-account': "The KMS key belongs to another account: this account's Auto Scaling service-linked role can use it only through a grant created from this account, and it has none that works, or the owner's key policy does not let this account create one.",
    'kms-key-explicit-deny': 'A Deny statement in the KMS key policy blocks the EC2 Auto Scaling service-linked role.',
    'kms-policy-orphaned-principal': 'The KMS key policy holds the unique id of a deleted IAM principal; KMS rejects every policy update until that id is removed.',
    'karpenter-kms-access-denied': "The Karpenter controller's IAM role, which calls CreateFleet and so makes EBS's KMS calls for the new volumes, may not use the key (neither the key policy nor, where the key policy delegates to the account, the role's IAM policy allows it): EC2 terminates each instance seconds after launch.",
    'automode-kms-access-denied': 'The key policy does not let the cluster IAM role, with which EKS Auto Mode launches nodes, use the key and create grants for AWS resources: EC2 terminates each instance seconds after launch.',
    'autoscaling-role-missing': 'The EC2 Auto Scaling service-linked role (AWSServiceRoleForAutoScaling) does not exist yet in this account, so no key policy can name it.',
    'launch-template-invalid': 'The launch template cannot launch instances (AMI, snapshot, security group, key pair, profile or configuration error).',
    'instance-quota-exceeded': 'An EC2 quota (vCPUs, instances, volumes or fleet requests) stops the Auto Scaling group from launching instances.',
    'capacity-unavailable': 'EC2 has no capacity for the requested instance type in the chosen Availability Zones.',
    'cluster-not-found': 'The cluster does not exist in this account and Region (check cluster-name, aws-region and the role the workflow assumes).',
    'nodegroup-not-found': 'The node group does not exist in the cluster.',
    'nodegroup-create-failed': 'EKS marked the node group as failed.',
    'nodegroup-update-failed': 'EKS failed the node group update (new nodes did not join, pods could not be evicted, or the configuration was refused) and rolls the node group back to its previous version.',
    'addon-version-incompatible': "The add-on's version is not supported by the cluster's Kubernetes version (or the version the cluster is updating to); EKS refuses it, or the add-on breaks after the upgrade.",
    'addon-create-failed': 'EKS could not create the add-on (CREATE_FAILED), for a reason of its own.',
    'addon-update-failed': 'EKS could not update the add-on (UPDATE_FAILED), for a reason of its own.',
    'addon-degraded': 'The add-on is DEGRADED although nodes are ready: it fails for a reason of its own (permissions, configuration, conflicts), not for lack of nodes.',
    'command-failed': 'The deploy command failed on its own.',
    'aws-credentials-expired': 'The AWS credentials expired before the guard finished: the role session is shorter than the watch.',
    'permission-denied': 'The role this workflow assumes is not allowed an AWS call the guard needs, so it could not finish its checks.',
    unknown: 'The failure does not match a known cause.'
};
/** Key causes in order of precedence: the first that applies explains a KMS launch failure. */
const KEY_CAUSE_PRECEDENCE = [
    'kms-key-not-found',
    'kms-key-pending-deletion',
    'kms-key-disabled',
    'kms-key-pending-import',
    'kms-key-unusable-spec',
    'autoscaling-role-missing',
    'kms-key-cross-account',
    'kms-key-explicit-deny',
    'kms-policy-orphaned-principal',
    'kms-policy-missing-autoscaling-role',
    'karpenter-kms-access-denied',
    'automode-kms-access-denied'
];
/** The launchers' own causes: the principal that launches is not the Auto Scaling role. */
const LAUNCHER_CAUSES = {
    karpenter: 'karpenter-kms-access-denied',
    'auto-mode': 'automode-kms-access-denied'
};

// EXTERNAL MODULE: ./src/model/check.ts
var check = __webpack_require__(2281);
;// CONCATENATED MODULE: ./src/model/day2.ts
const UPDATE_TERMINAL = new Set(['Failed', 'Cancelled', 'Successful']);
function updateParam(update, type) {
    return update.params.find(p => p.type === type)?.value;
}
/** The launch template version a node group update moves to, from its params. */
function updateTargetTemplate(update, current) {
    const version = updateParam(update, 'LaunchTemplateVersion');
    if (!version)
        return undefined;
    const name = updateParam(update, 'LaunchTemplateName') ?? current?.name;
    return { id: name ? undefined : current?.id, name, version };
}
/** A short description: "VersionUpdate to launch template version 2". */
function describeUpdate(update) {
    const parts = [];
    const lt = updateParam(update, 'LaunchTemplateVersion');
    if (lt)
        parts.push(`launch template version ${lt}`);
    const version = updateParam(update, 'Version');
    if (version)
        parts.push(`Kubernetes ${version}`);
    const release = updateParam(update, 'ReleaseVersion');
    if (release)
        parts.push(`release ${release}`);
    const desired = updateParam(update, 'DesiredSize');
    if (desired)
        parts.push(`desired size ${desired}`);
    const addon = updateParam(update, 'AddonVersion');
    if (addon)
        parts.push(`add-on version ${addon}`);
    return `${update.type ?? 'update'} ${update.id}${parts.length ? ` to ${parts.join(', ')}` : ''}`;
}
/** Add-ons that need schedulable nodes (Deployments, not DaemonSets). */
const ADDONS_NEEDING_NODES = new Set([
    'coredns',
    'aws-ebs-csi-driver',
    'aws-efs-csi-driver',
    'aws-mountpoint-s3-csi-driver',
    'snapshot-controller',
    'metrics-server',
    'adot',
    'amazon-cloudwatch-observability'
]);

;// CONCATENATED MODULE: ./src/model/failures.ts
const FAILURE_PATTERNS = [
    {
        id: 'kms-invalid-key',
        pattern: /(Client\.InvalidKMSKey\.[A-Za-z]+)/,
        kind: 'fatal',
        rootCause: 'key-check',
        remedy: 'Let the Auto Scaling service-linked role use the key (see the key findings).'
    },
    {
        // EC2's own wording when the launching principal cannot use the key: seen where nodes are not
        // launched by Auto Scaling (EKS Auto Mode, Karpenter), and in EC2's state reasons generally.
        id: 'kms-inaccessible-key',
        pattern: /encrypted with an inaccessible AWS KMS key/i,
        code: 'InaccessibleKMSKey',
        kind: 'fatal',
        rootCause: 'key-check',
        remedy: 'The principal that launched the instance cannot use the key. For a managed node group that is the Auto Scaling service-linked role (see the key findings). Nodes launched by EKS Auto Mode need the key to let the cluster IAM role use it and create grants for AWS resources; nodes launched by Karpenter need it for the Karpenter controller role (kms:ViaService ec2.<region>.amazonaws.com with kms:CallerAccount is the documented form).'
    },
    {
        id: 'client-error-on-launch',
        pattern: /(Client\.InternalError): Client error on launch/,
        kind: 'fatal',
        rootCause: 'key-check',
        remedy: 'Usually the service-linked role cannot use the EBS KMS key (see the key findings).'
    },
    {
        id: 'snapshot-not-found',
        pattern: /(Client\.InvalidSnapshot\.NotFound)/,
        kind: 'fatal',
        rootCause: 'launch-template-invalid',
        remedy: 'Point the block device mapping at an existing snapshot, or remove SnapshotId.'
    },
    {
        id: 'ami-not-found',
        pattern: /(?:The (?:AMI|image) ID '?\[?[\w-]+\]?'? does not exist|(InvalidAMIID\.[A-Za-z]+))/i,
        code: 'InvalidAMIID.NotFound',
        kind: 'fatal',
        rootCause: 'launch-template-invalid',
        remedy: 'Use an AMI that exists in this Region and is shared with this account.'
    },
    {
        id: 'ami-architecture',
        pattern: /architecture .* does not match the architecture/i,
        code: 'InvalidParameterValue',
        kind: 'fatal',
        rootCause: 'launch-template-invalid',
        remedy: 'Use an instance type of the AMI architecture (e.g. t4g for arm64, t3 for x86_64).'
    },
    {
        id: 'security-group-not-found',
        pattern: /security group .* does not exist|(InvalidGroup\.NotFound)/i,
        code: 'InvalidGroup.NotFound',
        kind: 'fatal',
        rootCause: 'launch-template-invalid',
        remedy: 'Reference security groups that exist in the node group VPC.'
    },
    {
        id: 'key-pair-not-found',
        pattern: /key pair .* does not exist|(InvalidKeyPair\.NotFound)/i,
        code: 'InvalidKeyPair.NotFound',
        kind: 'fatal',
        rootCause: 'launch-template-invalid',
        remedy: 'Reference an existing EC2 key pair, or none.'
    },
    {
        id: 'instance-profile',
        pattern: /Invalid IAM Instance Profile|(IamInstanceProfile[\w.]*NotFound)/i,
        code: 'InvalidParameterValue',
        kind: 'transient',
        threshold: 3,
        rootCause: 'launch-template-invalid',
        remedy: 'Check the instance profile; a new profile can take a minute to become usable.'
    },
    {
        id: 'launch-template-invalid',
        pattern: /You must use a valid fully-formed launch template|(InvalidLaunchTemplate(?:Id|Name)\.[A-Za-z]+)|(InvalidUserData\.Malformed)|Invalid device name|parameter virtualName is invalid|EBS block device mappings not supported|(InvalidBlockDeviceMapping)/i,
        code: 'InvalidLaunchTemplate',
        kind: 'fatal',
        rootCause: 'launch-template-invalid',
        remedy: 'Fix the launch template; see the activity message for the field.'
    },
    {
        id: 'not-authorized',
        pattern: /You are not authorized|(UnauthorizedOperation)|(AuthFailure[\w.]*)|not authorized to perform/i,
        code: 'UnauthorizedOperation',
        kind: 'fatal',
        rootCause: 'launch-template-invalid',
        remedy: 'Allow the Auto Scaling service-linked role (or the caller) what the message names, e.g. iam:PassRole or ec2:RunInstances.'
    },
    {
        id: 'unsupported-configuration',
        pattern: /The requested configuration is currently not supported|is not supported in your requested Availability Zone|Placement groups may not be used|(InvalidFleetConfiguration)/i,
        code: 'Unsupported',
        kind: 'fatal',
        rootCause: 'launch-template-invalid',
        remedy: 'Choose an instance type and subnets (Availability Zones) that support each other.'
    },
    {
        id: 'quota',
        pattern: /(VcpuLimitExceeded)|instance\(s\) are already running|(InstanceLimitExceeded)|quota for maximum Fleet Requests|(MaxSpotInstanceCountExceeded)|(Client\.VolumeLimitExceeded)|Volume limit exceeded/i,
        code: 'VcpuLimitExceeded',
        kind: 'transient',
        threshold: 6,
        rootCause: 'instance-quota-exceeded',
        remedy: 'Request a higher EC2 quota (Service Quotas) or lower the desired size.'
    },
    {
        id: 'capacity',
        pattern: /(InsufficientInstanceCapacity)|do not have sufficient .* capacity|There is no Spot capacity|(UnfulfillableCapacity)|(InsufficientFreeAddressesInSubnet)|(Server\.InsufficientInstanceCapacity)/i,
        code: 'InsufficientInstanceCapacity',
        kind: 'transient',
        threshold: 12,
        rootCause: 'capacity-unavailable',
        remedy: 'Allow more instance types or Availability Zones; capacity usually returns within minutes.'
    },
    {
        id: 'ec2-transient',
        pattern: /(Server\.InternalError)|(RequestLimitExceeded)|AMI .* is pending|The requested Availability Zone is no longer supported/i,
        code: 'Server.InternalError',
        kind: 'transient',
        threshold: 8,
        rootCause: 'unknown',
        remedy: 'Usually passes by itself; retry the deployment if it persists.'
    }
];
/** Classifies an activity or health-issue message; undefined when no pattern applies. */
function classifyMessage(message) {
    for (const pattern of FAILURE_PATTERNS) {
        const match = pattern.pattern.exec(message);
        if (match) {
            const captured = match.slice(1).find(Boolean);
            return { pattern, code: captured ?? pattern.code ?? pattern.id };
        }
    }
    return undefined;
}
/** Messages of failed activities we do not recognise: repeated, they fail the run as `unknown`. */
const UNRECOGNISED_FAILURE = {
    id: 'unrecognised',
    pattern: /.*/,
    kind: 'transient',
    threshold: 3,
    rootCause: 'unknown',
    remedy: 'Read the activity message; it matched no known pattern.'
};
/** EKS node group health-issue codes (NodegroupIssueCode) and the cause each names. */
const HEALTH_ISSUE_CAUSES = {
    InstanceLimitExceeded: 'instance-quota-exceeded',
    InsufficientFreeAddresses: 'capacity-unavailable',
    Ec2LaunchTemplateNotFound: 'launch-template-invalid',
    Ec2LaunchTemplateInvalidConfiguration: 'launch-template-invalid',
    Ec2LaunchTemplateVersionMismatch: 'launch-template-invalid',
    Ec2SecurityGroupNotFound: 'launch-template-invalid',
    Ec2SubnetInvalidConfiguration: 'launch-template-invalid',
    Ec2SubnetNotFound: 'launch-template-invalid',
    AmiIdNotFound: 'launch-template-invalid',
    Ec2InstanceTypeDoesNotExist: 'launch-template-invalid',
    IamInstanceProfileNotFound: 'launch-template-invalid',
    IamNodeRoleNotFound: 'launch-template-invalid',
    AutoScalingGroupNotFound: 'nodegroup-create-failed',
    NodeCreationFailure: 'nodegroup-create-failed'
};

;// CONCATENATED MODULE: ./src/model/keys.ts
/** The Region of a key or alias ARN; undefined for a key id or an alias name. */
function regionOfKey(reference) {
    return /^arn:[^:]+:kms:([^:]+):/.exec(reference)?.[1];
}
/** The pseudo node group of keys named in the `kms-key-ids` input. */
const INPUT_NODEGROUP = '(input)';

;// CONCATENATED MODULE: ./src/model/launchers.ts
/**
 * Who launches a cluster's nodes, and so whose credentials EC2 uses when it calls KMS for the
 * nodes' EBS volumes. Each launcher is a sibling: its own reads and rules, one verdict.
 */
/** The pseudo node group of a launcher's key uses, as the key table shows them. */
function launcherUseName(launcher) {
    return launcher === 'karpenter' ? '(Karpenter)' : '(EKS Auto Mode)';
}
const LAUNCHER_LABEL = { karpenter: 'Karpenter', 'auto-mode': 'EKS Auto Mode' };

;// CONCATENATED MODULE: ./src/model/policy.ts
/** Key policies as data: the document, the requests we decide, and what a key must grant. */
/** Operations a grant must carry for EBS launches (CreateGrant lets Auto Scaling delegate to EC2). */
const GRANT_OPERATIONS = [
    'Encrypt',
    'Decrypt',
    'ReEncryptFrom',
    'ReEncryptTo',
    'GenerateDataKey',
    'GenerateDataKeyWithoutPlaintext',
    'DescribeKey',
    'CreateGrant'
];

;// CONCATENATED MODULE: ./src/model/timeline.ts
/** Timeline events: a closed set of kinds, so renaming one is a compile error, not an empty chart. */
const EVENT_KINDS = [
    'started',
    'check',
    'verdict',
    'cluster-created',
    'cluster-missing',
    'cluster-status',
    'cluster-update-started',
    'cluster-update-ended',
    'role-found',
    'role-missing',
    'role-created',
    'key-checked',
    'key-changed',
    'policy-unchanged',
    'policy-patched',
    'policy-dry-run',
    'policy-refused',
    'grant-created',
    'grant-refused',
    'nodegroup-created',
    'nodegroup-status',
    'nodegroup-update-started',
    'nodegroup-update-ended',
    'addon-created',
    'addon-status',
    'addon-health',
    'addon-version-checked',
    'asg-created',
    'launch-attempt',
    'launch-succeeded',
    'launch-failed',
    'command-started',
    'command-exited',
    'command-interrupt',
    'command-terminate',
    'command-kill'
];

;// CONCATENATED MODULE: ./src/model/watch.ts

/**
 * The launch template versions a node group is about to launch from, besides the one it uses:
 * an update's target (from its params, before the group switches to it), and a newer version an
 * apply has written and not applied yet. Each once, none equal to the one in use.
 */
function nextTemplates(state) {
    const update = activeUpdate(state);
    const target = update ? updateTargetTemplate(update, state.launchTemplate) : undefined;
    const next = [];
    for (const ref of [target, state.upcomingTemplate])
        if (ref &&
            ref.version !== state.launchTemplate?.version &&
            !next.some(n => n.version === ref.version))
            next.push(ref);
    return next;
}
/** The update in progress, if any. */
function activeUpdate(state) {
    return state.updates.find(u => u.status === 'InProgress');
}
const FAILED_ACTIVITY = new Set(['Failed', 'Cancelled']);
function newNodegroupState(name, named, selfManaged) {
    return {
        name,
        named,
        ...(selfManaged ? { selfManaged } : {}),
        exists: false,
        asgNames: [],
        asgs: new Map(),
        healthIssues: [],
        activities: new Map(),
        updates: []
    };
}
/** ACTIVE with as many instances in service as every Auto Scaling group wants. */
function isSettled(state) {
    if (state.status !== 'ACTIVE')
        return false;
    for (const name of state.asgNames) {
        const group = state.asgs.get(name);
        if (!group)
            return false;
        const inService = (group.Instances ?? []).filter(i => i.LifecycleState === 'InService').length;
        if (inService < (group.DesiredCapacity ?? 0))
            return false;
    }
    return true;
}
/** How messages name the launcher: "node group X", or "Auto Scaling group X" for a self-managed one. */
function launcherLabel(state) {
    return `${state.selfManaged ? 'Auto Scaling group' : 'node group'} ${state.name}`;
}
/** launcherLabel by name, among the watched states (a name no state has is a node group's). */
function launcherLabelOf(name, states) {
    for (const state of states)
        if (state.name === name)
            return launcherLabel(state);
    return `node group ${name}`;
}
/** The sentence-initial form: "Node group X" or "Auto Scaling group X". */
function capitalised(label) {
    return label.charAt(0).toUpperCase() + label.slice(1);
}

;// CONCATENATED MODULE: ./src/model/index.ts
/** The domain types every layer imports (downward): this module imports nothing of ours above it. */













/***/ }),

/***/ 7789:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DV: () => (/* binding */ codeBlock),
/* harmony export */   EE: () => (/* binding */ messageLine),
/* harmony export */   FV: () => (/* binding */ escapeMarkdown),
/* harmony export */   I1: () => (/* binding */ inertLogText),
/* harmony export */   KH: () => (/* binding */ tableCode),
/* harmony export */   SS: () => (/* binding */ codeSpan),
/* harmony export */   ti: () => (/* binding */ inlineCode),
/* harmony export */   xR: () => (/* binding */ tableCell)
/* harmony export */ });
/* unused harmony exports markdownText, headingText */
/**
 * AWS messages, key descriptions and policy text are untrusted: they must not render as
 * Markdown, HTML or @mentions in a summary or a pull request comment.
 */
/** Text for Markdown prose and table cells. */
function escapeMarkdown(text) {
    return (text
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        // Only what can start markup mid-line: links need [ ], so ( ) stay readable.
        .replace(/([\\`*[\]|~])/g, '\\$1')
        // An underscore between two word characters never starts emphasis (aws_kms_key stays readable).
        .replace(/(?<!\w)_|_(?!\w)/g, '\\_')
        .replace(/^([#+\->=]|\d+\.)/, '\\$1')
        // A mention (@name) or a GFM e-mail autolink (a@-.tf: the domain may start with - or .).
        .replace(/@(?=[\w.-])/g, '@\u200b')
        .replace(/\r?\n/g, ' '));
}
/** A fenced code block whose fence no content can close early. */
function codeBlock(text, language = '') {
    const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map(m => m[0].length));
    const fence = '`'.repeat(longest + 1);
    return `${fence}${language}\n${text}\n${fence}`;
}
/** Inline code that survives backticks inside. */
function inlineCode(text) {
    const clean = text.replace(/\r?\n/g, ' ');
    const longest = Math.max(0, ...[...clean.matchAll(/`+/g)].map(m => m[0].length));
    const fence = '`'.repeat(longest + 1);
    const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
    return `${fence}${pad}${clean}${pad}${fence}`;
}
/*
 * One function per place a string the pull request controls (a file or folder name, a module
 * path, a resource name) lands in Markdown. Each keeps the string inside its context: no HTML
 * tag, no link or autolink, no live @mention or #reference, no new line (CommonMark ends a line
 * at \n, \r and \r\n: a lone \r inside a code span still starts a new block), and in a table no
 * `|` that adds a cell — GFM splits a row on every unescaped `|`, inside code spans too
 * (https://github.github.com/gfm/#tables-extension-: "include a pipe in a cell’s content by
 * escaping it, including inside other inline spans").
 */
const LINE_BREAKS = /\r\n|[\r\n]/g;
/** Breaks what GitHub would turn into a link or a reference, with a zero-width space. */
function defuse(text) {
    return (text
        // GFM extended autolinks: www., http://, https://, ftp:// (https://github.github.com/gfm/#autolinks-extension-).
        .replace(/(www)\./gi, '$1\u200b.')
        .replace(/([a-z])(:\/\/)/gi, '$1\u200b$2')
        // GitHub references: #123, GH-123.
        .replace(/#(?=\d)/g, '#\u200b')
        .replace(/\b(GH)-(?=\d)/gi, '$1\u200b-'));
}
/**
 * A message that holds untrusted names but is escaped later by a renderer that keeps its `code
 * spans` raw: on one line (a lone \r would start a new block, an HTML block among them), with
 * autolinks and references defused. What stays for the renderer to escape is the rest.
 */
function messageLine(text) {
    return defuse(oneLine(text)).replace(/^(\d+)\)/, '$1\u200b)');
}
/**
 * On one line, with no leading white space: what starts a block (`#`, `-`, `>`, `1.`, four
 * spaces of indented code) must be at the very start for escapeMarkdown to escape it.
 */
function oneLine(text) {
    return text.replace(LINE_BREAKS, ' ').replace(/^\s+/, '');
}
/** Untrusted text in Markdown prose (a paragraph or a list item). */
function markdownText(text) {
    return defuse(escapeMarkdown(oneLine(text)).replace(/^(\d+)\)/, '$1\\)'));
}
/** Untrusted text in a table cell: as prose, `|` escaped (escapeMarkdown escapes it). */
function tableCell(text) {
    return markdownText(text);
}
/** Untrusted text as a code span in prose: a fence longer than any backtick run inside, one line. */
function codeSpan(text) {
    return inlineCode(text.replace(LINE_BREAKS, ' '));
}
/**
 * Untrusted text as a code span inside a table cell: `|` as `\|` (GFM unescapes it before the
 * span is read). The table scanner takes a backslash and the punctuation after it as one escaped
 * pair, so `\` followed by `\|` would leave the pipe bare: text with a backslash is written as an
 * escaped table cell instead of a code span.
 */
function tableCode(text) {
    const line = text.replace(LINE_BREAKS, ' ');
    if (line.includes('\\'))
        return tableCell(line);
    return inlineCode(line.replace(/\|/g, '\\|'));
}
/** Untrusted text in an ATX heading: as prose, and a closing `#` sequence kept as text. */
function headingText(text) {
    return markdownText(text).replace(/(\s)(#+)\s*$/, '$1\\$2');
}
/**
 * Text for the job log that no line of can act as a workflow command. The runner reads a line as
 * a command when, after leading blanks, it starts with `::` (and, in the older syntax, wherever it
 * holds `##[`): a zero-width space in front of those makes them plain text and still reads the
 * same. AWS messages, Terraform's and the command's text go through this before `info`.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
 */
function inertLogText(text) {
    return text
        .split(/\r?\n|\r/)
        .map(line => line.replace(/^(\s*)::/, '$1\u200b::').replace(/##\[/g, '##\u200b['))
        .join('\n');
}


/***/ }),

/***/ 5055:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   nH: () => (/* binding */ hclValue),
/* harmony export */   rT: () => (/* binding */ commentLines),
/* harmony export */   tu: () => (/* binding */ bareLocals)
/* harmony export */ });
/** Renders plain JSON values as HCL expressions (for Terraform snippets). */
function key(name) {
    return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(name) ? name : JSON.stringify(name);
}
/** Lists of plain values longer than this are written one item a line. */
const INLINE_LIST_CHARS = 64;
/**
 * @param interpolate keep `${...}` as Terraform interpolations (for snippets that reference data
 *   sources); otherwise they are escaped and the string stays literal.
 */
function hclValue(value, indent = '', interpolate = false) {
    if (value === null || value === undefined)
        return 'null';
    if (typeof value === 'string') {
        const quoted = JSON.stringify(value);
        return interpolate ? quoted : quoted.replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
    }
    if (typeof value === 'number' || typeof value === 'boolean')
        return String(value);
    const inner = indent + '  ';
    if (Array.isArray(value)) {
        if (value.every(v => typeof v !== 'object' || v === null)) {
            const items = value.map(v => hclValue(v, '', interpolate));
            const inline = `[${items.join(', ')}]`;
            // A long list one item a line: a code block scrolls sideways rather than wrap.
            if (inline.length <= INLINE_LIST_CHARS)
                return inline;
            return `[\n${items.map(i => `${inner}${i},`).join('\n')}\n${indent}]`;
        }
        return `[\n${value.map(v => inner + hclValue(v, inner, interpolate)).join(',\n')}\n${indent}]`;
    }
    const entries = Object.entries(value);
    const width = Math.max(...entries.map(([k]) => key(k).length));
    return `{\n${entries.map(([k, v]) => `${inner}${key(k).padEnd(width)} = ${hclValue(v, inner, interpolate)}`).join('\n')}\n${indent}}`;
}
/** `"${local.x}"` alone is the same value as `local.x`: written bare, as people write it. */
function bareLocals(text) {
    return text.replace(/"\$\{(local\.\w+)\}"/g, '$1');
}
/**
 * Prose as comment lines of a code block, wrapped at word breaks so each fits the narrowest
 * column a report renders at (a code block scrolls sideways instead of wrapping).
 */
function commentLines(text, marker = '#', width = 88) {
    const lines = [];
    let line = marker;
    for (const word of text.split(/\s+/).filter(Boolean)) {
        if (line.length > marker.length && line.length + 1 + word.length > width) {
            lines.push(line);
            line = marker;
        }
        line += ` ${word}`;
    }
    lines.push(line);
    return lines.join('\n');
}


/***/ }),

/***/ 2852:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ policyDocumentHcl),
/* harmony export */   U: () => (/* binding */ keyPolicyTerraform)
/* harmony export */ });
/* harmony import */ var _hcl_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5055);

function policyDocumentHcl(statements, interpolate = false) {
    return statements
        .map(s => {
        const principal = s.Principal;
        const actions = Array.isArray(s.Action) ? s.Action : [s.Action];
        const lines = [
            '  statement {',
            `    sid       = ${(0,_hcl_js__WEBPACK_IMPORTED_MODULE_0__/* .hclValue */ .nH)(s.Sid, '', interpolate)}`,
            `    effect    = "Allow"`,
            `    actions   = ${(0,_hcl_js__WEBPACK_IMPORTED_MODULE_0__/* .hclValue */ .nH)(actions, '    ', interpolate)}`,
            `    resources = ["*"]`,
            '    principals {',
            '      type        = "AWS"',
            `      identifiers = ${(0,_hcl_js__WEBPACK_IMPORTED_MODULE_0__/* .hclValue */ .nH)([principal.AWS], '', interpolate)}`,
            '    }'
        ];
        if (s.Condition)
            lines.push('    condition {', '      test     = "Bool"', '      variable = "kms:GrantIsForAWSResource"', '      values   = ["true"]', '    }');
        lines.push('  }');
        return lines.join('\n');
    })
        .join('\n');
}
/** A long string as a join of its path parts, each line within a report's code block. */
function splitArn(arn, indent) {
    const name = arn.split('/').pop() ?? '';
    const cut = arn.lastIndexOf('/', arn.length - name.length - 2);
    if (arn.length <= 60 || cut <= 0)
        return (0,_hcl_js__WEBPACK_IMPORTED_MODULE_0__/* .hclValue */ .nH)(arn);
    return `join("/", [\n${indent}  ${(0,_hcl_js__WEBPACK_IMPORTED_MODULE_0__/* .hclValue */ .nH)(arn.slice(0, cut))},\n${indent}  ${(0,_hcl_js__WEBPACK_IMPORTED_MODULE_0__/* .hclValue */ .nH)(arn.slice(cut + 1))},\n${indent}])`;
}
/** The local naming a principal: the Auto Scaling role's, else numbered. */
function localName(arn, index) {
    return /:role\/aws-service-role\/autoscaling\.amazonaws\.com\//.test(arn)
        ? 'autoscaling_role_arn'
        : `eks_kms_guard_principal_${index + 1}`;
}
/**
 * The statements as Terraform, in both styles a key policy is usually written in; the whole
 * snippet is a valid HCL file (a locals block for jsonencode, a policy document for the other).
 * Each principal's ARN is written once, in a local both styles refer to: an ARN is wider than a
 * report's code block, and one place to change is easier to review.
 */
function keyPolicyTerraform(statements) {
    const arns = [...new Set(statements.map(s => s.Principal.AWS))];
    const names = new Map(arns.map((arn, i) => [arn, localName(arn, i)]));
    const referring = statements.map(s => ({
        ...s,
        Principal: { AWS: `\${local.${names.get(s.Principal.AWS)}}` }
    }));
    return [
        '# The principals the statements name:',
        'locals {',
        ...arns.map(arn => `  ${names.get(arn)} = ${splitArn(arn, '  ')}`),
        '}',
        '',
        '# On the aws_kms_key (or aws_kms_key_policy), with policy = jsonencode({',
        '#   Version   = "2012-10-17",',
        '#   Statement = concat([ <your statements> ], local.eks_kms_guard_statements) }):',
        'locals {',
        `  eks_kms_guard_statements = ${(0,_hcl_js__WEBPACK_IMPORTED_MODULE_0__/* .bareLocals */ .tu)((0,_hcl_js__WEBPACK_IMPORTED_MODULE_0__/* .hclValue */ .nH)(referring, '  ', true))}`,
        '}',
        '',
        '# Or, when the key policy comes from data "aws_iam_policy_document",',
        '# add these blocks to it:',
        'data "aws_iam_policy_document" "ebs_key" {',
        (0,_hcl_js__WEBPACK_IMPORTED_MODULE_0__/* .bareLocals */ .tu)(policyDocumentHcl(referring, true)),
        '}'
    ].join('\n');
}


/***/ }),

/***/ 7751:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   V: () => (/* binding */ runUrl)
/* harmony export */ });
/** The link to this workflow run, where the full job summary is (GitHub's own environment). */
function runUrl() {
    const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID } = process.env;
    return GITHUB_REPOSITORY && GITHUB_RUN_ID
        ? `${GITHUB_SERVER_URL ?? 'https://github.com'}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}`
        : undefined;
}


/***/ }),

/***/ 7834:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runMode: () => (/* binding */ runMode)
});

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/aws/timeout.ts
var timeout = __webpack_require__(6974);
// EXTERNAL MODULE: ./src/aws/errors.ts + 1 modules
var errors = __webpack_require__(1528);
;// CONCATENATED MODULE: ./src/clock.ts
const systemClock = {
    now: () => Date.now(),
    sleep: (ms, signal) => new Promise(resolve => {
        if (signal?.aborted)
            return resolve();
        const timer = setTimeout(done, ms);
        function done() {
            clearTimeout(timer);
            signal?.removeEventListener('abort', done);
            resolve();
        }
        signal?.addEventListener('abort', done, { once: true });
    })
};

// EXTERNAL MODULE: ./src/model/index.ts + 8 modules
var model = __webpack_require__(3282);
// EXTERNAL MODULE: ./src/kms/requirements.ts + 2 modules
var requirements = __webpack_require__(421);
// EXTERNAL MODULE: ./src/render/hcl.ts
var hcl = __webpack_require__(5055);
// EXTERNAL MODULE: ./src/render/key-policy-hcl.ts
var key_policy_hcl = __webpack_require__(2852);
// EXTERNAL MODULE: ./src/kms/foreign.ts
var foreign = __webpack_require__(4333);
;// CONCATENATED MODULE: ./src/diagnose/foreign-remedy.ts
/**
 * The fix for another account's key: who must act decides it. When the owner's key policy already
 * lets this account create grants (the EC2 Auto Scaling user guide's cross-account example), the fix
 * is one grant created from this account, which deploy creates. When it refuses this account
 * DescribeKey or CreateGrant, nothing in this account can help: the owner must add statements.
 * Pure.
 */



/** The grant deploy creates, as the AWS CLI and Terraform write it (same name: same grant). */
function grantForms(input) {
    const region = /^arn:[^:]+:kms:([^:]+):/.exec(input.keyArn)?.[1] ?? input.region;
    return {
        cli: `aws kms create-grant --region ${region} --key-id ${input.keyArn} --grantee-principal ${input.roleArn} --operations ${model/* GRANT_OPERATIONS */.y.join(' ')} --name ${foreign/* GRANT_NAME */.jX}`,
        terraform: [
            `# In account ${input.account} (the node group's): no retiring principal, the grant stays while`,
            '# the node group launches with this key.',
            'resource "aws_kms_grant" "autoscaling_ebs" {',
            `  name              = ${(0,hcl/* hclValue */.nH)(foreign/* GRANT_NAME */.jX)}`,
            `  key_id            = ${(0,hcl/* hclValue */.nH)(input.keyArn)}`,
            `  grantee_principal = ${(0,hcl/* hclValue */.nH)(input.roleArn)}`,
            `  operations        = ${(0,hcl/* hclValue */.nH)(model/* GRANT_OPERATIONS */.y, '  ')}`,
            '}'
        ].join('\n')
    };
}
function crossAccountRemedy(input) {
    const facts = input.key?.facts;
    const owner = facts?.account ?? input.keyArn.split(':')[4] ?? '<key-account>';
    const refused = facts ? (0,foreign/* refusedCalls */.If)(facts) : [];
    const grant = grantForms(input);
    const ownerMustAct = refused.includes('kms:DescribeKey') || refused.includes('kms:CreateGrant');
    const created = input.key?.grant;
    if (created && !ownerMustAct)
        // The grant is there and launches still fail after the grace: what is left is the owner's
        // side, which a grant cannot override (a Deny), and which this account cannot read.
        return {
            summary: `This run created grant ${created.id} (${created.name}) on ${input.keyArn} for ${input.roleArn}, and launches still fail after the propagation grace. A grant cannot override a Deny: account ${owner} must look in the key's policy for a Deny that matches the Auto Scaling role or account ${input.account} (this account cannot read that policy), or for a key state that its DescribeKey answer does not show.`
        };
    if (!ownerMustAct) {
        return {
            summary: `The key ${input.keyArn} belongs to account ${owner}; this account's Auto Scaling role (${input.roleArn}) can use it only through a grant. Create the grant from account ${input.account} (deploy creates it, named ${foreign/* GRANT_NAME */.jX}, once). This needs account ${owner}'s key policy to let account ${input.account} call kms:CreateGrant, as the EC2 Auto Scaling user guide's cross-account example does; if the call is refused, account ${owner} must add statement AllowExternalAccount${input.account}Grants.`,
            terraform: grant.terraform,
            cli: grant.cli
        };
    }
    const statements = (0,foreign/* ownerStatements */.uf)(input.partition, input.account, refused);
    const why = refused.includes('kms:DescribeKey')
        ? `does not trust account ${input.account} at all (it refuses ${refused.join(', ')})`
        : `refuses account ${input.account} kms:CreateGrant`;
    return {
        summary: `The key ${input.keyArn} belongs to account ${owner}, whose key policy ${why}. Nothing in account ${input.account} can fix that: account ${owner} must add ${statements.map(s => s.Sid).join(' and ')} to the key policy; then create the grant for ${input.roleArn} from account ${input.account} (deploy does).`,
        json: JSON.stringify(statements, null, 2),
        terraform: [
            `# In account ${owner}, add these to the key policy's Statement list:`,
            'locals {',
            `  external_account_statements = ${(0,hcl/* hclValue */.nH)(statements, '  ')}`,
            '}',
            '',
            grant.terraform
        ].join('\n'),
        cli: [
            `# After account ${owner} has changed its key policy, from account ${input.account}:`,
            grant.cli
        ].join('\n')
    };
}

// EXTERNAL MODULE: ./src/kms/launchers.ts
var launchers = __webpack_require__(3404);
;// CONCATENATED MODULE: ./src/diagnose/launcher-remedy.ts
/**
 * The fix when a launcher's role may not use the key: the key policy statements that name the
 * role (kms/launchers.ts), and for Karpenter the alternative its maintainers point to — an IAM
 * policy on the controller role, which works where the key policy delegates to the account
 * (aws/karpenter-provider-aws#4935: "attach the permission to the IRSA role"). The community
 * module's karpenter submodule grants no KMS by default and takes extra statements in its
 * `iam_policy_statements` input (terraform-aws-modules/eks modules/karpenter/variables.tf, v21).
 * Pure.
 */



/** The controller role's IAM statements: EBS's calls through EC2 of this Region, on this key. */
function karpenterIamStatements(keyArn, region) {
    const viaEc2 = { 'kms:ViaService': `ec2.${region}.amazonaws.com` };
    return [
        {
            Sid: 'EksKmsGuardKarpenterEbsUse',
            Effect: 'Allow',
            Action: [...launchers/* LAUNCHER_USE_ACTIONS */.r5],
            Resource: keyArn,
            Condition: { StringEquals: viaEc2 }
        },
        {
            Sid: 'EksKmsGuardKarpenterEbsGrants',
            Effect: 'Allow',
            Action: 'kms:CreateGrant',
            Resource: keyArn,
            Condition: { StringEquals: viaEc2, Bool: { 'kms:GrantIsForAWSResource': 'true' } }
        }
    ];
}
/** The same statements as the karpenter submodule's iam_policy_statements input takes them. */
function moduleStatements(statements) {
    const entries = statements.map(s => {
        const condition = Object.entries((s.Condition ?? {})).flatMap(([test, pairs]) => Object.entries(pairs).map(([variable, value]) => ({ test, variable, values: [value] })));
        return {
            sid: s.Sid,
            actions: Array.isArray(s.Action) ? s.Action : [s.Action],
            resources: [s.Resource],
            condition
        };
    });
    return [
        'module "karpenter" {',
        '  source = "terraform-aws-modules/eks/aws//modules/karpenter"',
        '  # ... your other inputs',
        `  iam_policy_statements = ${(0,hcl/* hclValue */.nH)(entries, '  ')}`,
        '}'
    ].join('\n');
}
function launcherRemedy(input) {
    const keyArn = input.key?.facts.arn ?? input.key?.id ?? '<key-arn>';
    const principal = { launcher: input.launcher, roleArn: input.roleArn };
    const statuses = input.key?.assessment.statuses ?? [];
    const statements = (0,launchers/* launcherRequirements */.hm)({
        principal,
        region: input.region,
        account: input.account
    })
        .filter(r => statuses.find(s => s.requirement.id === r.id)?.status !== 'granted')
        .map(r => r.statement);
    const sids = statements.map(s => s.Sid).join(' and ');
    if (input.launcher === 'auto-mode')
        return {
            summary: `Add ${sids} to the key policy of ${keyArn}, naming the cluster IAM role ${input.roleArn}: EKS Auto Mode launches nodes with it (https://docs.aws.amazon.com/eks/latest/userguide/auto-kms.html).`,
            json: JSON.stringify(statements, null, 2),
            terraform: (0,key_policy_hcl/* keyPolicyTerraform */.U)(statements),
            cli: input.putPolicyCli(keyArn, statements)
        };
    const iam = karpenterIamStatements(keyArn, input.region);
    // The IAM route exists only where the key policy delegates to the account (its IAM side was
    // then simulated): otherwise no IAM policy can let the role use the key.
    const delegates = input.key?.iamMissing !== undefined;
    if (!delegates)
        return {
            summary: `Let the Karpenter controller role ${input.roleArn} (it calls CreateFleet, so EBS uses the key as that role) use ${keyArn}: add ${sids} to the key policy.`,
            json: JSON.stringify(statements, null, 2),
            terraform: (0,key_policy_hcl/* keyPolicyTerraform */.U)(statements),
            cli: input.putPolicyCli(keyArn, statements)
        };
    const roleName = input.roleArn.split('/').pop() ?? input.roleArn;
    return {
        summary: `Let the Karpenter controller role ${input.roleArn} (it calls CreateFleet, so EBS uses the key as that role) use ${keyArn}: add ${sids} to the key policy, or — the key policy delegates to the account — give the role an IAM policy with ${iam.map(s => s.Sid).join(' and ')} (it lacks ${input.key?.iamMissing?.join(', ')}).`,
        json: `${JSON.stringify(statements, null, 2)}\n\n// or, on the controller role (IAM policy):\n${JSON.stringify({ Version: '2012-10-17', Statement: iam }, null, 2)}`,
        terraform: `${(0,key_policy_hcl/* keyPolicyTerraform */.U)(statements)}\n\n# or, on the controller role, with the community module's karpenter submodule:\n${moduleStatements(iam)}`,
        cli: `${input.putPolicyCli(keyArn, statements)}\n\n# or, on the controller role:\ncat > karpenter-kms.json <<'EOF'\n${JSON.stringify({ Version: '2012-10-17', Statement: iam }, null, 2)}\nEOF\naws iam put-role-policy --role-name ${roleName} --policy-name eks-kms-guard-ebs-kms \\\n  --policy-document file://karpenter-kms.json`
    };
}

;// CONCATENATED MODULE: ./src/diagnose/remedy.ts
/**
 * The fix for a root cause, three ways: the JSON statements (with the real role ARN), a
 * Terraform change, and the AWS CLI commands. Pure: built from the key record and the role.
 */






/** Statements the key still needs (all of them when we cannot tell which). */
function missingStatements(input) {
    const needed = (0,requirements/* requirements */.Ln)({
        autoscalingRoleArn: input.roleArn,
        region: input.region,
        account: input.account,
        clusterRoleArn: input.key?.secretsKey ? input.clusterRoleArn : undefined
    });
    const statuses = input.key?.assessment.statuses ?? [];
    const missing = needed.filter(r => {
        const status = statuses.find(s => s.requirement.id === r.id);
        return !status || status.status !== 'granted';
    });
    return missing.map(r => r.statement);
}
/**
 * The commands that add the statements: the key's ARN once in a variable, the statements as a
 * readable file, so no line is wider than a report's code block.
 */
function putPolicyCli(keyArn, statements) {
    const json = JSON.stringify(statements, null, 2);
    return [
        `KEY=${keyArn}`,
        "cat > statements.json <<'EOF'",
        json,
        'EOF',
        'aws kms get-key-policy --key-id "$KEY" --policy-name default \\',
        '  --query Policy --output text > key-policy.json',
        "jq --slurpfile add statements.json '.Statement += $add[0]' key-policy.json \\",
        '  > key-policy.patched.json',
        'aws kms put-key-policy --key-id "$KEY" --policy-name default \\',
        '  --policy file://key-policy.patched.json'
    ].join('\n');
}
/** The Region of a key ARN (a key in another Region is fixed there), else the run's. */
function regionOf(keyArn, fallback) {
    return (0,model/* regionOfKey */.XQ)(keyArn) ?? fallback;
}
function remedyFor(input) {
    // The key's ARN when KMS told us; otherwise the reference the launch template uses. Only a fix
    // built without any key (never for a key cause) falls back to a placeholder.
    const keyArn = input.key?.facts.arn ?? input.key?.id ?? input.key?.facts.reference ?? '<key-arn>';
    const statements = missingStatements(input);
    const json = JSON.stringify(statements, null, 2);
    switch (input.cause) {
        case 'karpenter-kms-access-denied':
        case 'automode-kms-access-denied':
            return launcherRemedy({
                launcher: input.cause === 'karpenter-kms-access-denied' ? 'karpenter' : 'auto-mode',
                roleArn: input.roleArn,
                key: input.key,
                region: input.region,
                account: input.account,
                putPolicyCli
            });
        case 'kms-policy-missing-autoscaling-role':
            return {
                summary: `Add ${statements.map(s => s.Sid).join(' and ')} to the key policy of ${keyArn}, naming the service-linked role ${input.roleArn} (not the service principal autoscaling.amazonaws.com).`,
                json,
                terraform: (0,key_policy_hcl/* keyPolicyTerraform */.U)(statements),
                cli: putPolicyCli(keyArn, statements)
            };
        case 'autoscaling-role-missing': {
            // With the statements a step of their own, this step only creates the role.
            const thenAdd = !input.policyStepFollows;
            return {
                summary: `Create the Auto Scaling service-linked role first (deploy does so unless create-service-linked-role is false)${thenAdd ? `, then add ${statements.map(s => s.Sid).join(' and ')} to the key policy of ${keyArn}` : ': no key policy can name it before it exists'}.`,
                json: thenAdd ? json : undefined,
                terraform: [
                    'resource "aws_iam_service_linked_role" "autoscaling" {',
                    '  aws_service_name = "autoscaling.amazonaws.com"',
                    '}',
                    '',
                    '# The key policy can name the role only once it exists: add depends_on = [aws_iam_service_linked_role.autoscaling]',
                    ...(thenAdd
                        ? [
                            '# to the aws_kms_key (or aws_kms_key_policy), then add:',
                            (0,key_policy_hcl/* keyPolicyTerraform */.U)(statements)
                        ]
                        : ['# to the aws_kms_key (or aws_kms_key_policy).'])
                ].join('\n'),
                cli: [
                    'aws iam create-service-linked-role --aws-service-name autoscaling.amazonaws.com',
                    ...(thenAdd ? [putPolicyCli(keyArn, statements)] : [])
                ].join('\n')
            };
        }
        case 'kms-key-cross-account':
            return crossAccountRemedy({ ...input, keyArn });
        case 'kms-key-disabled':
            return {
                summary: `Enable the key ${keyArn} (aws kms enable-key; in Terraform, is_enabled = true on its aws_kms_key), or, if it lives in a custom key store, reconnect the store.`,
                terraform: `# In the aws_kms_key resource of ${keyArn}:\nis_enabled = true`,
                cli: `aws kms enable-key --region ${regionOf(keyArn, input.region)} --key-id ${keyArn}`
            };
        case 'kms-key-pending-deletion':
            // The AWS provider reads a key pending deletion as gone (it removes it from the state and
            // plans a new key), so Terraform cannot cancel a deletion: it is cancelled outside Terraform,
            // which leaves the key Disabled, then enabled; if Terraform dropped it from the state, it is
            // imported again (https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys-scheduling-key-deletion.html).
            return {
                summary: `Cancel the scheduled deletion of ${keyArn} outside Terraform (aws kms cancel-key-deletion, or the console), then enable it (aws kms enable-key): a cancelled deletion leaves the key Disabled. Terraform cannot do this: the AWS provider reads a key pending deletion as gone and plans a new key; if it left the state, import it again, and keep is_enabled = true.`,
                terraform: [
                    `# First cancel the deletion outside Terraform (see the CLI form), then, if terraform plan wants to`,
                    `# create a new aws_kms_key, the provider dropped this one from the state: import it again.`,
                    'import {',
                    '  to = aws_kms_key.ebs # the address of this key in your configuration',
                    `  id = ${(0,hcl/* hclValue */.nH)(input.key?.facts.keyId ?? keyArn.split('/').pop() ?? keyArn)}`,
                    '}',
                    '# and in that aws_kms_key resource:',
                    '# is_enabled = true'
                ].join('\n'),
                cli: `aws kms cancel-key-deletion --region ${regionOf(keyArn, input.region)} --key-id ${keyArn}\naws kms enable-key --region ${regionOf(keyArn, input.region)} --key-id ${keyArn}`
            };
        case 'kms-key-pending-import':
            return {
                summary: `Import the key material of ${keyArn} again (it was deleted or has expired), or use a key with AWS_KMS origin.`,
                cli: `aws kms get-parameters-for-import --key-id ${keyArn} --wrapping-algorithm RSAES_OAEP_SHA_256 --wrapping-key-spec RSA_2048\n# wrap your key material with the returned public key, then:\naws kms import-key-material --key-id ${keyArn} --encrypted-key-material fileb://EncryptedKeyMaterial.bin --import-token fileb://ImportToken.bin --expiration-model KEY_MATERIAL_DOES_NOT_EXPIRE`
            };
        case 'kms-key-unusable-spec':
            return {
                summary: `EBS needs a symmetric encryption key: create one and point the launch template's kms_key_id at it (${keyArn} is ${input.key?.facts.spec}/${input.key?.facts.usage}).`,
                terraform: [
                    'resource "aws_kms_key" "ebs" {',
                    '  description              = "EKS node EBS volumes"',
                    '  key_usage                = "ENCRYPT_DECRYPT"',
                    '  customer_master_key_spec = "SYMMETRIC_DEFAULT"',
                    '  enable_key_rotation      = true',
                    '}'
                ].join('\n'),
                cli: 'aws kms create-key --key-spec SYMMETRIC_DEFAULT --key-usage ENCRYPT_DECRYPT --description "EKS node EBS volumes"'
            };
        case 'kms-key-not-found': {
            const reference = input.key?.facts.reference ?? 'a key';
            const elsewhere = (0,model/* regionOfKey */.XQ)(reference);
            if (elsewhere && elsewhere !== input.region)
                return {
                    summary: `The launch template names ${reference}, a key of ${elsewhere}, but EBS volumes in ${input.region} can be encrypted only with a key of ${input.region}: name a key of this Region (for a multi-Region key, its replica here).`,
                    cli: `aws kms replicate-key --region ${elsewhere} --key-id ${reference} --replica-region ${input.region}   # multi-Region (mrk-) keys only; otherwise create a key in ${input.region}`
                };
            return {
                summary: `The launch template names ${reference} that KMS cannot find in ${input.region}: use the key ARN of an existing key in this Region.`,
                cli: `aws kms describe-key --region ${input.region} --key-id ${input.key?.facts.reference ?? '<key>'}`
            };
        }
        case 'kms-key-explicit-deny': {
            const policy = input.key?.assessment.policy;
            const denying = input.key?.assessment.statuses
                .filter(s => s.status === 'denied')
                .flatMap(s => s.statements) ?? [];
            const deny = [...new Set(denying)].map(i => policy?.Statement[i]).filter(Boolean);
            return {
                summary: `Exempt ${input.roleArn} from the Deny statement(s) ${deny.map(s => s?.Sid ?? '(no Sid)').join(', ')} of ${keyArn}, e.g. with a condition ArnNotEquals aws:PrincipalArn.`,
                json: JSON.stringify({ ArnNotEquals: { 'aws:PrincipalArn': input.roleArn } }, null, 2)
            };
        }
        case 'kms-policy-orphaned-principal': {
            const ids = input.key?.assessment.orphans.map(o => o.id) ?? [];
            return {
                summary: `Remove the unique ids ${ids.join(', ')} of deleted principals from the key policy of ${keyArn} (or replace them with current ARNs); KMS refuses any policy update until then.`,
                cli: `aws kms get-key-policy --key-id ${keyArn} --policy-name default --query Policy --output text > key-policy.json\n# edit key-policy.json: remove ${ids.join(', ')}\naws kms put-key-policy --key-id ${keyArn} --policy-name default --policy file://key-policy.json`
            };
        }
        default:
            return { summary: '' };
    }
}

;// CONCATENATED MODULE: ./src/diagnose/drift.ts

function driftOf(keys) {
    const patched = keys.filter(k => k.patch?.status === 'written');
    const drift = patched.map(k => `The key policy of ${k.id} was patched live. If Terraform manages this key, the next terraform apply puts the old policy back unless the configuration gets the same statements: ${k.patch?.added.map(s => s.Sid).join(', ')}.`);
    const driftStatements = patched.flatMap(k => k.patch?.added ?? []);
    const driftFix = driftStatements.length
        ? [
            ...(patched.length > 1 ? [`# Keys ${patched.map(k => k.id).join(', ')}:`] : []),
            (0,key_policy_hcl/* keyPolicyTerraform */.U)(driftStatements.filter((s, i) => driftStatements.findIndex(o => JSON.stringify(o) === JSON.stringify(s)) === i))
        ].join('\n')
        : undefined;
    return { drift, driftFix };
}

;// CONCATENATED MODULE: ./src/diagnose/evidence.ts
/** The evidence behind a verdict: the failed activity or health issue, the key's facts and checks. */

/** What each requirement of the key policy lets its principal do, in a reader's words. */
const REQUIREMENT_WORDS = {
    'autoscaling-use': [
        'the Auto Scaling service-linked role',
        'use the key (Encrypt, Decrypt, ReEncrypt*, GenerateDataKey*, DescribeKey)'
    ],
    'autoscaling-grants': [
        'the Auto Scaling service-linked role',
        'create grants for AWS resources (kms:CreateGrant), which EC2 needs to attach the volumes'
    ],
    'cluster-secrets': ['the cluster role', 'use the key for Kubernetes secrets encryption']
};
/** A principal's short name: a role ARN's last path segment. */
function principalName(principal) {
    const aws = principal?.AWS;
    return typeof aws === 'string' ? aws.split('/').pop() : undefined;
}
/** One requirement of the key policy as a sentence: "the key policy has no statement for …". */
function requirementSentence(id, status, statements, name) {
    const [who, what] = REQUIREMENT_WORDS[id] ?? [`the principal of requirement ${id}`, 'use the key'];
    const role = `${who}${name ? ` (${name})` : ''}`;
    const list = statements.join(', ');
    switch (status) {
        case 'granted':
            return `The key policy lets ${role} ${what}${list ? ` (statements ${list})` : ''}.`;
        case 'missing':
            return `The key policy has no statement that lets ${role} ${what}.`;
        case 'denied':
            return `A Deny statement of the key policy${list ? ` (${list})` : ''} keeps ${role} from being able to ${what}.`;
        default:
            return `Cannot tell whether the key policy lets ${role} ${what}${list ? ` (statements ${list} have conditions this run cannot evaluate)` : ''}.`;
    }
}
/** What the run saw that led to the verdict, in the order a reader checks it. */
function evidenceOf(outcome, key) {
    const { verdict } = outcome;
    const evidence = [];
    if (verdict.activity) {
        const a = verdict.activity;
        evidence.push(`Scaling activity ${a.id} of ${a.asg}, started ${a.start.toISOString()}${a.end ? `, ended ${a.end.toISOString()}` : ''}, status ${a.statusCode}: ${a.description || a.statusMessage}`);
    }
    if (verdict.healthIssue) {
        evidence.push(`Node group health issue ${verdict.healthIssue.code}: ${verdict.healthIssue.message} (${(verdict.healthIssue.resourceIds ?? []).join(', ')})`);
    }
    if (key) {
        const f = key.facts;
        const refused = f.ownerRefused ?? [];
        if (refused.includes('kms:DescribeKey'))
            evidence.push(`Key ${f.arn ?? f.reference} (owner account ${f.account ?? '?'}): its key policy refuses this account ${refused.join(', ')}, so its state, spec and grants cannot be read${verdict.activity ? '; the failed launch above is the evidence that the Auto Scaling role cannot use it' : ''}`);
        else
            evidence.push(`Key ${f.arn ?? f.reference}: state ${f.state ?? 'not found'}, manager ${f.manager ?? '?'}, spec ${f.spec ?? '?'}/${f.usage ?? '?'}, owner account ${f.account ?? '?'}${f.deletionDate ? `, deletion scheduled ${f.deletionDate}` : ''}`);
        if (refused.length > 0 && !refused.includes('kms:DescribeKey'))
            evidence.push(`The key policy of account ${f.account ?? '?'} refuses this account ${refused.join(', ')} on the key (an AccessDenied from the key's owner, not from this run's role)${f.grantsUnknown ? '; whether a grant for the Auto Scaling role exists cannot be listed, so the failed launches decide it' : ''}.`);
        if (key.changed)
            evidence.push(`The key changed during this run: it passed every check when read${key.changed.readBefore !== undefined ? ` at ${new Date(key.changed.readBefore).toISOString()}` : ''}, and has ${key.changed.after.join(', ')} when read again at ${new Date(key.changed.at).toISOString()}. ${key.changed.who}`);
        if (key.grant)
            evidence.push(`This run created grant ${key.grant.id} (${key.grant.name}) on the key for ${key.roleArn}.`);
        for (const use of key.uses)
            evidence.push(`Used by ${use.nodegroup === '(input)' ? 'the kms-key-ids input' : key.launcher ? model/* LAUNCHER_LABEL */.w$[key.launcher.launcher] : `${use.selfManaged ? 'Auto Scaling group' : 'node group'} ${use.nodegroup}`}: ${use.why}`);
        if (key.iamMissing)
            evidence.push(`The key policy leaves ${key.roleArn} to IAM, and IAM's simulation of that role's policies does not allow ${key.iamMissing.join(', ')} on the key through EC2.`);
        const policy = key.assessment.policy;
        for (const status of key.assessment.statuses) {
            const sids = status.statements.map(i => policy?.Statement[i]?.Sid ?? `#${i + 1}`);
            evidence.push(requirementSentence(status.requirement.id, status.status, sids, principalName(status.requirement.statement.Principal)));
        }
        const servicePrincipal = policy?.Statement.find(s => JSON.stringify(s.Principal ?? '').includes('autoscaling.amazonaws.com') &&
            !JSON.stringify(s.Principal ?? '').includes('role/'));
        if (servicePrincipal && verdict.rootCause === 'kms-policy-missing-autoscaling-role') {
            evidence.push(`Statement ${servicePrincipal.Sid ?? '(no Sid)'} names the service principal autoscaling.amazonaws.com; Auto Scaling calls KMS as its service-linked role, so that statement grants nothing to the launches.`);
        }
    }
    if (verdict.rootCause === 'nodegroup-not-found' && verdict.candidates)
        evidence.push(`Node groups of cluster ${outcome.cluster?.name ?? ''}: ${verdict.candidates.length ? verdict.candidates.join(', ') : 'none'}`.replace(' : ', ': '));
    // Day 2: the add-on's health issue, what the verdict also explains (add-ons stuck behind it).
    if (verdict.addonIssue)
        evidence.push(`Add-on ${verdict.addon} health issue ${verdict.addonIssue.code}: ${verdict.addonIssue.message}`);
    evidence.push(...(verdict.consequences ?? []));
    if (verdict.rootCause === 'autoscaling-role-missing')
        evidence.push(`iam:GetRole found no ${outcome.role?.arn ?? 'AWSServiceRoleForAutoScaling'}`);
    return evidence;
}

;// CONCATENATED MODULE: ./src/aws/verify-permissions.ts
const SERVICE_LINKED_ROLE = 'AWSServiceRoleForAutoScaling';
function autoscalingRoleArns(target) {
    // The default role and custom-suffix variants (AWSServiceRoleForAutoScaling_<suffix>).
    return `arn:${target.partition}:iam::${target.account}:role/aws-service-role/autoscaling.amazonaws.com/${SERVICE_LINKED_ROLE}*`;
}
/** Karpenter and EKS Auto Mode: their instances, Karpenter's templates and role, the role's IAM side. */
function launcherPermissions(target) {
    const { partition, account } = target;
    return [
        {
            purpose: 'Karpenter and EKS Auto Mode: the instances they launch (found by their tags; a KMS failure is an instance terminated with its state reason) and Karpenter’s launch templates (the EBS key it really uses). IAM cannot scope either to a resource.',
            statement: {
                Sid: 'LaunchersEc2Read',
                Effect: 'Allow',
                Action: ['ec2:DescribeInstances', 'ec2:DescribeLaunchTemplates'],
                Resource: '*'
            }
        },
        {
            purpose: 'Karpenter’s controller role, from the cluster’s Pod Identity associations (not needed when karpenter-role-arn is set).',
            statement: {
                Sid: 'LaunchersPodIdentityRead',
                Effect: 'Allow',
                Action: ['eks:ListPodIdentityAssociations', 'eks:DescribePodIdentityAssociation'],
                Resource: [
                    `arn:${partition}:eks:*:${account}:cluster/*`,
                    `arn:${partition}:eks:*:${account}:podidentityassociation/*`
                ]
            }
        },
        {
            purpose: 'When a key policy leaves a launcher’s role to IAM (the account root statement): whether the role’s own IAM policies let it use the key, simulated by IAM over every policy attached to it.',
            statement: {
                Sid: 'LauncherRoleSimulate',
                Effect: 'Allow',
                Action: ['iam:SimulatePrincipalPolicy'],
                Resource: `arn:${partition}:iam::${account}:role/*`
            }
        }
    ];
}
function verifyPermissions(target) {
    const { partition, account } = target;
    return [
        {
            purpose: 'The cluster, its node groups (status, health, Auto Scaling groups, launch template), and — for the day-2 checks — updates and add-ons. Scoped to this account.',
            statement: {
                Sid: 'EksRead',
                Effect: 'Allow',
                Action: [
                    'eks:DescribeCluster',
                    'eks:ListNodegroups',
                    'eks:DescribeNodegroup',
                    'eks:ListUpdates',
                    'eks:DescribeUpdate',
                    'eks:ListAddons',
                    'eks:DescribeAddon'
                ],
                Resource: [
                    `arn:${partition}:eks:*:${account}:cluster/*`,
                    `arn:${partition}:eks:*:${account}:nodegroup/*`,
                    `arn:${partition}:eks:*:${account}:addon/*`
                ]
            }
        },
        {
            purpose: 'Reads that IAM cannot scope to a resource: add-on versions, Auto Scaling groups and their scaling activities (the launch failures), launch template versions (the EBS key), the AMI and its snapshots (the key an encrypted AMI’s volumes are created from), and the account’s EBS encryption-by-default settings.',
            statement: {
                Sid: 'ReadsWithoutResourceScope',
                Effect: 'Allow',
                Action: [
                    'eks:DescribeAddonVersions',
                    'autoscaling:DescribeAutoScalingGroups',
                    'autoscaling:DescribeScalingActivities',
                    'ec2:DescribeLaunchTemplateVersions',
                    'ec2:DescribeImages',
                    'ec2:DescribeSnapshots',
                    'ec2:GetEbsEncryptionByDefault',
                    'ec2:GetEbsDefaultKmsKeyId'
                ],
                Resource: '*'
            }
        },
        {
            purpose: 'Each key’s state, spec and manager, and the grants the Auto Scaling role holds on it. Any account: a node group may use another account’s key, and both calls work across accounts when that key’s policy allows them too. The EC2 Auto Scaling guide’s cross-account key policy allows DescribeKey but not ListGrants: the run then says so, judges the grant by the launches, and deploy creates its named grant anyway (KMS returns the same grant again).',
            statement: {
                Sid: 'KmsReadAnyAccount',
                Effect: 'Allow',
                Action: ['kms:DescribeKey', 'kms:ListGrants'],
                Resource: `arn:${partition}:kms:*:*:key/*`
            }
        },
        {
            purpose: 'The key policy, to decide whether it lets the Auto Scaling role use the key. GetKeyPolicy does not work across accounts, so this account’s keys only.',
            statement: {
                Sid: 'KmsReadKeyPolicy',
                Effect: 'Allow',
                Action: ['kms:GetKeyPolicy'],
                Resource: `arn:${partition}:kms:*:${account}:key/*`
            }
        },
        ...launcherPermissions(target),
        {
            purpose: 'Whether the Auto Scaling service-linked role exists, and its exact ARN.',
            statement: {
                Sid: 'AutoScalingRoleRead',
                Effect: 'Allow',
                Action: ['iam:GetRole'],
                Resource: autoscalingRoleArns(target)
            }
        }
    ];
}

;// CONCATENATED MODULE: ./src/aws/deploy-permissions.ts
/**
 * The deploy mode's statements: verify's reads plus the writes that fix a key (its policy, or a
 * grant on another account's key) and the creation of the Auto Scaling service-linked role, each
 * narrowed as far as IAM's conditions allow.
 */


function putKeyPolicyPermission(target) {
    const scope = target.putKeyPolicy ?? { kind: 'account' };
    const statement = {
        Sid: 'KmsWriteKeyPolicy',
        Effect: 'Allow',
        Action: ['kms:PutKeyPolicy'],
        Resource: scope.kind === 'keys'
            ? scope.keyArns
            : `arn:${target.partition}:kms:*:${target.account}:key/*`
    };
    let narrowing = '';
    if (scope.kind === 'tag') {
        // KMS supports aws:ResourceTag/<key> in IAM policies to control access to a key by its tags
        // (https://docs.aws.amazon.com/kms/latest/developerguide/tag-authorization.html); tag changes
        // can take up to five minutes to affect authorization, and whoever may tag keys then decides
        // which keys the guard may write.
        statement.Condition = { StringEquals: { [`aws:ResourceTag/${scope.tagKey}`]: scope.tagValue } };
        narrowing = ` Narrowed to keys tagged ${scope.tagKey}=${scope.tagValue}; a key without the tag is reported, never written.`;
    }
    else if (scope.kind === 'keys') {
        narrowing = ' Narrowed to the listed keys.';
    }
    return {
        purpose: `Add the missing Auto Scaling statements to a customer-managed key policy of this account (PutKeyPolicy cannot work across accounts). The key policy must also allow it — its root statement does — and KMS's lockout check, which the action never bypasses, requires that anyway.${narrowing}`,
        statement
    };
}
function deployPermissions(target) {
    const { partition } = target;
    return [
        ...verifyPermissions(target),
        putKeyPolicyPermission(target),
        {
            purpose: 'The action never sets BypassPolicyLockoutSafetyCheck; this makes sure a write that tries to cannot succeed with these credentials.',
            statement: {
                Sid: 'KmsNeverBypassLockoutCheck',
                Effect: 'Deny',
                Action: ['kms:PutKeyPolicy'],
                Resource: '*',
                Condition: { Bool: { 'kms:BypassPolicyLockoutSafetyCheck': true } }
            }
        },
        {
            // kms:CreateGrant is called only on ANOTHER account's key (the Auto Scaling guide's
            // cross-account fix: the grant must be created from the Auto Scaling group's account), so
            // the Resource must reach keys of other accounts; the key's owner must allow it too, in
            // the key policy. kms:GrantIsForAWSResource does NOT apply: it is true only "when an AWS
            // service that is integrated with AWS KMS sends the request on the principal's behalf",
            // and here the action itself calls CreateGrant. Narrowed instead by what the grant may be:
            // kms:GranteePrincipal and kms:GrantOperations
            // (https://docs.aws.amazon.com/kms/latest/developerguide/grant-authorization.html,
            // https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html).
            purpose: 'A grant that lets this account’s Auto Scaling role use another account’s key (the only fix possible from here: a key policy of another account cannot be written). Any account’s key, but only a grant to the Auto Scaling role, and only for the operations EBS needs. The key’s owner must allow this account kms:CreateGrant in its key policy; when it does not, the run names the owner account and the statement it must add.',
            statement: {
                Sid: 'KmsGrantToAutoScalingRoleOnAnyAccountKey',
                Effect: 'Allow',
                Action: ['kms:CreateGrant'],
                Resource: `arn:${partition}:kms:*:*:key/*`,
                Condition: {
                    StringLike: { 'kms:GranteePrincipal': autoscalingRoleArns(target) },
                    'ForAllValues:StringEquals': { 'kms:GrantOperations': [...model/* GRANT_OPERATIONS */.y] }
                }
            }
        },
        {
            purpose: 'Create the Auto Scaling service-linked role on a fresh account (no Auto Scaling group was ever created there), so the key policy can name it.',
            statement: {
                Sid: 'CreateAutoScalingRole',
                Effect: 'Allow',
                Action: ['iam:CreateServiceLinkedRole'],
                Resource: autoscalingRoleArns(target),
                Condition: { StringEquals: { 'iam:AWSServiceName': 'autoscaling.amazonaws.com' } }
            }
        }
    ];
}

;// CONCATENATED MODULE: ./src/aws/permissions.ts
/**
 * The least-privilege IAM identity policies of the role the action runs as, one per mode, as data.
 * This is the single source of truth: docs/setup.md, the Terraform example's JSON policies
 * (`npm run permissions` writes them) and the simulator's enforcement in the tests all come from
 * here, and a unit test fails when the code calls an AWS action that no mode allows.
 *
 * - `check` reads Terraform only and needs no AWS permission at all.
 * - `verify` reads; it never writes.
 * - `deploy` adds the two writes that fix a key (the key policy, or a grant on another account's
 *   key) and the creation of the Auto Scaling service-linked role on a fresh account.
 * - `command` (deploy only) runs under the same credentials, so that role also needs whatever the
 *   command itself does — for `terraform apply`, Terraform's own permissions for everything the
 *   configuration manages (and its state backend). Those are not listed here; see
 *   {@link COMMAND_PERMISSIONS}.
 *
 * Pure data and functions, no SDK import: the CLI, the docs generator and the tests load it cheaply.
 * The statements of each mode are in verify-permissions.ts and deploy-permissions.ts; everything
 * imports them through this module, so it stays the one place a reader looks.
 */


/** The tag convention the Terraform example offers for narrowing `kms:PutKeyPolicy`. */
const KEY_POLICY_TAG = { tagKey: 'eks-kms-guard', tagValue: 'managed' };
/** AWS calls the action makes that no IAM policy governs. */
const NO_PERMISSION_NEEDED = {
    'sts:GetCallerIdentity': 'Who am I (account and partition). No permission is required to perform this operation, and an explicit deny cannot stop it.'
};
/**
 * Actions granted ahead of the code that calls them. Empty: the day-2 reads (eks:ListUpdates,
 * eks:DescribeUpdate, eks:ListAddons, eks:DescribeAddon, eks:DescribeAddonVersions) granted ahead
 * of issue 16 are now called by src/watch (reads.ts, addons.ts).
 */
const GRANTED_AHEAD = {};
const COMMAND_PERMISSIONS = "`command` runs with the guard's credentials: the deploy role then also needs what the command does. For `terraform apply` that is Terraform's own permissions — everything the configuration creates, changes or destroys, plus its state backend (e.g. the S3 bucket and lock) — which no generic policy can list. Either give the deploy role those permissions, or keep the guard's role small and run Terraform in a separate step with its own role, with the guard in `verify` mode watching.";
/** The statements of a mode's policy, each with its purpose. */
function permissionsFor(mode, target) {
    return mode === 'verify' ? verifyPermissions(target) : deployPermissions(target);
}
/** The identity policy document for a mode, ready for IAM. */
function identityPolicy(mode, target) {
    return { Version: '2012-10-17', Statement: permissionsFor(mode, target).map(p => p.statement) };
}
/** Every action a mode's policy allows (exact names; no wildcards are used). */
function allowedActions(mode) {
    const target = { partition: 'aws', account: '111122223333' };
    return [
        ...new Set(permissionsFor(mode, target)
            .filter(p => p.statement.Effect === 'Allow')
            .flatMap(p => p.statement.Action))
    ];
}

;// CONCATENATED MODULE: ./src/diagnose/recovery.ts
/**
 * Fixes in the order a user applies them: every cause of a key, then — for a node group EKS has
 * given up on — its recreation. And the fix of a denied AWS call, from the least-privilege
 * policies. Pure.
 */



/** A key's causes in the order the user must fix them (the precedence is that order). */
function orderCauses(causes) {
    const rank = (c) => {
        const i = model/* KEY_CAUSE_PRECEDENCE */.LD.indexOf(c);
        return i < 0 ? model/* KEY_CAUSE_PRECEDENCE */.LD.length : i;
    };
    return [...new Set(causes)].sort((a, b) => rank(a) - rank(b));
}
/** One remedy of several, numbered: summaries as steps, Terraform and CLI in the same order. */
/** Role ARNs as their names: a comment line of a code block cannot wrap an ARN. */
function roleNames(text) {
    return text.replace(/\barn:[\w-]+:iam::\d+:role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)/g, '$1');
}
function combineRemedies(remedies) {
    const steps = remedies.filter(r => r.summary);
    if (steps.length === 0)
        return undefined;
    if (steps.length === 1)
        return steps[0];
    const numbered = (text, i, comment) => text
        ? `${(0,hcl/* commentLines */.rT)(`Step ${i + 1}: ${roleNames(steps[i].summary.split('\n')[0])}`, comment)}\n${text}`
        : undefined;
    const join = (parts) => {
        const present = parts.filter((p) => p !== undefined);
        return present.length ? present.join('\n\n') : undefined;
    };
    // The JSON form is the statements to add to the key policy: the last step that has some.
    const json = [...steps].reverse().find(r => r.json)?.json;
    return {
        summary: steps.map((r, i) => `(${i + 1}) ${r.summary}`).join(' '),
        json,
        terraform: join(steps.map((r, i) => numbered(r.terraform, i, '#'))),
        cli: join(steps.map((r, i) => numbered(r.cli, i, '#')))
    };
}
/**
 * EKS does not retry a node group in CREATE_FAILED: it must be deleted and created again.
 * Terraform marks an object whose create failed as tainted and replaces it on the next apply
 * ("Terraform automatically marks an object as tainted if an error occurs during a multi-step
 * create action", https://developer.hashicorp.com/terraform/cli/commands/untaint); when the failed
 * node group was not created by that Terraform run (or its state was refreshed since), force it
 * with `terraform apply -replace` (https://developer.hashicorp.com/terraform/cli/state/taint).
 * A DELETE_FAILED node group is deleted again once what blocked the deletion is gone.
 */
function recreateRemedy(input) {
    const { nodegroup, clusterName, region } = input;
    if (input.status === 'DELETE_FAILED') {
        return {
            summary: `Node group ${nodegroup} is DELETE_FAILED and EKS will not retry: remove what its health issues name, then delete it again (terraform apply or destroy retries the deletion; by hand, aws eks delete-nodegroup).`,
            cli: `aws eks delete-nodegroup --region ${region} --cluster-name ${clusterName} --nodegroup-name ${nodegroup}\naws eks wait nodegroup-deleted --region ${region} --cluster-name ${clusterName} --nodegroup-name ${nodegroup}`
        };
    }
    return {
        summary: `${input.keyFixedNow ? `${input.keyFixedNow} ` : ''}Recreate node group ${nodegroup}: EKS will not retry a node group in ${input.status}. Terraform marks a node group whose creation failed as tainted and replaces it on the next terraform apply (if the plan does not show the replacement, use terraform apply -replace on its address); by hand, delete it and create it again.`,
        terraform: [
            '# The aws_eks_node_group whose creation failed is tainted in the state:',
            '# the next apply replaces it.',
            'terraform plan   # shows the node group "is tainted, so must be replaced"',
            'terraform apply',
            '# Not tainted (created outside this state, or the state was refreshed)? Force the replacement;',
            `# the resource's id is "<cluster>:<node group>", which terraform state list -id finds:`,
            `terraform apply \\\n  -replace="$(terraform state list -id=${clusterName}:${nodegroup})"`
        ].join('\n'),
        // The names once, then commands short enough for a report's code block.
        cli: [
            `REGION=${region}`,
            `CLUSTER=${clusterName}`,
            `NODEGROUP=${nodegroup}`,
            'NAMES=(--region "$REGION" --cluster-name "$CLUSTER" --nodegroup-name "$NODEGROUP")',
            'aws eks describe-nodegroup "${NAMES[@]}" --query nodegroup > "nodegroup-$NODEGROUP.json"',
            'aws eks delete-nodegroup "${NAMES[@]}"',
            'aws eks wait nodegroup-deleted "${NAMES[@]}"',
            '# create it again with the settings it had (a launch template is named by id only):',
            "SETTINGS='{clusterName, nodegroupName, nodeRole, subnets, scalingConfig, updateConfig,",
            '  instanceTypes, amiType, capacityType, diskSize, labels, taints, tags,',
            '  launchTemplate: (.launchTemplate // null | if . then {id, version} else . end)}',
            "  | with_entries(select(.value != null))'",
            'aws eks create-nodegroup --region "$REGION" \\',
            '  --cli-input-json "$(jq "$SETTINGS" "nodegroup-$NODEGROUP.json")"',
            'aws eks wait nodegroup-active "${NAMES[@]}"'
        ].join('\n')
    };
}
/**
 * The least-privilege statement that grants a denied action (src/aws/permissions.ts, the source
 * of docs/setup.md), with this account filled in.
 */
function permissionRemedy(input) {
    const action = input.action;
    if (!action)
        return undefined;
    const target = { partition: input.partition || 'aws', account: input.account };
    const order = input.mode === 'deploy' ? ['deploy'] : ['verify', 'deploy'];
    let statement;
    let mode;
    for (const m of order) {
        statement = permissionsFor(m, target).find(p => p.statement.Effect === 'Allow' &&
            p.statement.Action.some(a => a.toLowerCase() === action.toLowerCase()))?.statement;
        if (statement) {
            mode = m;
            break;
        }
    }
    if (!statement) {
        return {
            summary: `Allow ${action}${input.resource ? ` on ${input.resource}` : ''} to the role this workflow assumes, or look for a service control policy, permissions boundary or session policy that denies it.`
        };
    }
    return {
        summary: `Allow ${action} to the role this workflow assumes: statement ${statement.Sid} of the least-privilege ${mode} policy (docs/setup.md) grants it${input.resource ? ` (the call was on ${input.resource})` : ''}. If the role already has it, a service control policy, permissions boundary or session policy denies it.`,
        json: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }, null, 2),
        cli: `aws iam put-role-policy --role-name ${input.roleName ?? '<the role this workflow assumes>'} --policy-name eks-kms-guard-${statement.Sid} --policy-document '${JSON.stringify({ Version: '2012-10-17', Statement: [statement] })}'`
    };
}

;// CONCATENATED MODULE: ./src/diagnose/diagnose.ts






/** Node group states EKS does not leave by itself. */
const TERMINAL = new Set(['CREATE_FAILED', 'DELETE_FAILED']);
function remedyInput(outcome, cause, key, region) {
    // A launcher's failure with no key checked: its own role (or a placeholder), never Auto Scaling's.
    const launcher = outcome.verdict.launcher;
    const launcherRole = launcher
        ? (outcome.launchers?.find(l => l.launcher === launcher)?.roleArn ??
            (launcher === 'karpenter' ? '<karpenter-controller-role-arn>' : '<cluster-role-arn>'))
        : undefined;
    return {
        cause,
        key,
        roleArn: key?.roleArn ?? launcherRole ?? outcome.role?.arn ?? '',
        region,
        account: outcome.identity?.account ?? '',
        partition: outcome.identity?.partition ?? 'aws',
        clusterRoleArn: outcome.cluster?.roleArn
    };
}
/** A note for a KMS failure that no key check explains. */
function unexplainedNote(verdict, key, terminal, unreadable) {
    if (verdict.activity?.pattern?.rootCause !== 'key-check' && !verdict.healthIssue)
        return undefined;
    const fixedNow = key?.patchedAt !== undefined && key.assessment.causes.length === 0 ? key : undefined;
    if (fixedNow && terminal)
        // The headline says that this run fixed the key; this says what changed and why that is not enough.
        return `Key ${fixedNow.id} now grants what Auto Scaling needs${fixedNow.patch?.added.length ? ` (${fixedNow.patch.added.map(s => s.Sid).join(', ')} added to its policy)` : ''}. The failed launches came before that, and EKS does not retry a node group in ${terminal}.`;
    if (verdict.rootCause === 'kms-policy-missing-autoscaling-role' && key?.patchedAt !== undefined)
        return 'The key policy was fixed in this run and now grants what Auto Scaling needs, yet launches still fail after the propagation grace: KMS may need longer, or another control (an SCP, a permissions boundary) blocks the role.';
    if (key &&
        key.assessment.causes.length === 0 &&
        (verdict.rootCause === 'nodegroup-create-failed' ||
            verdict.rootCause === 'nodegroup-update-failed'))
        return `The launches failed on a KMS error, but the key ${key.id} is usable now: every check passes today (it was fixed after those launches). ${verdict.rootCause === 'nodegroup-create-failed' ? `EKS does not retry a node group in ${terminal ?? 'CREATE_FAILED'}: the node group must be recreated.` : 'EKS rolled the update back: start the update again.'}`;
    const image = unreadable?.[0];
    if (verdict.rootCause === 'unknown' && image)
        return `Every key this account can read passed its checks, but the AMI ${image.imageId}${image.owner ? ` (owner account ${image.owner})` : ''} has encrypted snapshots (${image.snapshots.join(', ')}) whose key this account cannot read: that key is the likely cause. Ask the AMI's owner which key encrypts them; its policy must allow the Auto Scaling service-linked role, or its owner must let this account create a grant on it for the role (then deploy creates the grant). Or copy the AMI into this account, re-encrypted with a key of this account.`;
    if (verdict.rootCause === 'unknown')
        return 'Every key check passed, yet the launch failed with a KMS error: look for a service control policy or resource control policy denying the role, a key in another Region, or a snapshot encrypted with another key.';
    return undefined;
}
/** A node group or update that failed on a KMS error whose key passes every check today. */
function usableNow(verdict, key) {
    const failedOperation = verdict.rootCause === 'nodegroup-create-failed' ||
        verdict.rootCause === 'nodegroup-update-failed';
    const kms = verdict.activity?.pattern?.rootCause === 'key-check' ||
        (0,model/* classifyMessage */.Q4)(verdict.healthIssue?.message ?? '')?.pattern.rootCause === 'key-check';
    return failedOperation && kms && key && key.assessment.causes.length === 0 ? key : undefined;
}
/** Causes whose own message (the error, with its fix) is the best headline. */
const ERROR_CAUSES = new Set(['permission-denied', 'aws-credentials-expired', 'unknown']);
function diagnose_diagnose(outcome, region) {
    const { verdict } = outcome;
    const evidence = [];
    const cause = verdict.rootCause;
    // A key checked for both the Auto Scaling role and a launcher's: the verdict's own view of it.
    const key = verdict.keyId
        ? (outcome.keys.find(k => k.id === verdict.keyId && k.launcher?.launcher === verdict.launcher) ?? outcome.keys.find(k => k.id === verdict.keyId))
        : undefined;
    const nodegroupState = verdict.nodegroup
        ? outcome.nodegroups.find(n => n.name === verdict.nodegroup)
        : undefined;
    const terminalStatus = verdict.result === 'failure' && TERMINAL.has(nodegroupState?.status ?? '')
        ? nodegroupState?.status
        : undefined;
    const note = unexplainedNote(verdict, key, terminalStatus, outcome.unreadableImages);
    evidence.push(...evidenceOf(outcome, key));
    const keyFindings = outcome.keys
        .filter(k => k.assessment.causes.length > 0)
        .map(k => ({
        key: k,
        causes: orderCauses(k.assessment.causes),
        remedies: orderCauses(k.assessment.causes).map(c => remedyFor(remedyInput(outcome, c, k, region)))
    }));
    const { drift, driftFix } = driftOf(outcome.keys);
    // Measured from the operation watched (an update's start), else the node group's creation.
    const createdAt = verdict.operationStartedAt ?? nodegroupState?.createdAt?.getTime();
    // Only when this run saw the failure happen: a node group already failed was not detected by us,
    // and a key found broken on a settled node group (a scheduled verify) failed no operation yet.
    const operationWatched = verdict.activity !== undefined ||
        verdict.healthIssue !== undefined ||
        verdict.update !== undefined ||
        verdict.instanceId !== undefined ||
        (nodegroupState !== undefined && nodegroupState.status !== 'ACTIVE');
    const detectedAfterSeconds = createdAt !== undefined &&
        verdict.result !== 'success' &&
        !verdict.alreadyFailed &&
        operationWatched
        ? Math.max(0, Math.round((verdict.decidedAt - createdAt) / 100) / 10)
        : undefined;
    const sentence = cause ? model/* ROOT_CAUSES */.gq[cause] : undefined;
    const pattern = verdict.activity?.pattern ??
        (verdict.healthIssue
            ? (0,model/* classifyMessage */.Q4)(verdict.healthIssue.message ?? '')?.pattern
            : undefined) ??
        (cause && cause !== 'unknown' ? model/* FAILURE_PATTERNS */.bV.find(p => p.rootCause === cause) : undefined);
    let fix;
    if (cause === 'permission-denied') {
        fix = permissionRemedy({
            action: verdict.failureCode,
            account: outcome.identity?.account ?? accountOfMessage(verdict.message) ?? '',
            partition: outcome.identity?.partition ?? 'aws',
            roleName: roleNameOf(outcome.identity?.arn ?? verdict.message)
        });
    }
    else if (cause &&
        (cause.startsWith('kms-') ||
            cause === 'autoscaling-role-missing' ||
            Object.values(model/* LAUNCHER_CAUSES */.e5).includes(cause))) {
        // Every cause of the deciding key, in the order the user must fix them: fixing only the first
        // would leave the next launch failing on the second.
        const causes = key ? orderCauses([cause, ...key.assessment.causes]) : [cause];
        // A grant created on another account's key that launches still fail with is not a fix.
        const keyFixedNow = key?.patchedAt !== undefined &&
            key.assessment.causes.length === 0 &&
            cause !== 'kms-key-cross-account';
        fix = keyFixedNow
            ? undefined
            : combineRemedies(causes.map(c => remedyFor({
                ...remedyInput(outcome, c, key, region),
                policyStepFollows: causes.includes('kms-policy-missing-autoscaling-role')
            })));
    }
    else if (pattern && pattern.rootCause !== 'key-check') {
        // (A pattern whose cause is "unknown" comes only from the failure itself, never from the cause.)
        fix = { summary: pattern.remedy };
    }
    // EC2's "inaccessible AWS KMS key" names no role: say which principal needs the key.
    if (pattern?.id === 'kms-inaccessible-key')
        evidence.push(pattern.remedy);
    if (terminalStatus && verdict.nodegroup) {
        // That this run fixed the key is the headline's, said once; a key fixed since is said here.
        const fixedByThisRun = key?.patchedAt !== undefined && key.assessment.causes.length === 0;
        const usableKey = fixedByThisRun ? undefined : usableNow(verdict, key);
        const recreate = recreateRemedy({
            nodegroup: verdict.nodegroup,
            status: terminalStatus,
            clusterName: outcome.cluster?.name ?? '',
            region,
            keyFixedNow: usableKey
                ? `The key ${usableKey.id} is usable now (fixed since the launches failed).`
                : undefined
        });
        fix = combineRemedies([...(fix ? [fix] : []), recreate]);
    }
    const terminal = terminalStatus && verdict.nodegroup
        ? {
            nodegroup: verdict.nodegroup,
            status: terminalStatus,
            createdAt: nodegroupState?.createdAt?.toISOString(),
            gaveUpAt: nodegroupState?.modifiedAt?.toISOString(),
            alreadyFailed: verdict.alreadyFailed !== undefined
        }
        : undefined;
    let headline;
    if (verdict.result === 'success')
        headline = verdict.message;
    else if (verdict.cancelled)
        headline = verdict.message;
    else if (verdict.result === 'timeout')
        headline = verdict.message;
    else if (verdict.rootCause && ERROR_CAUSES.has(verdict.rootCause) && !terminal)
        headline = verdict.message;
    else if (terminal) {
        const when = [
            terminal.createdAt ? `created ${terminal.createdAt}` : undefined,
            terminal.gaveUpAt ? `EKS gave up at ${terminal.gaveUpAt}` : undefined
        ]
            .filter(Boolean)
            .join(', ');
        headline = `Node group ${terminal.nodegroup} ${terminal.alreadyFailed ? 'was already' : 'is'} ${terminal.status}${terminal.alreadyFailed ? ' when this run started' : ''}${when ? ` (${when})` : ''} and EKS will not retry it. Cause: ${sentence ?? verdict.message}${key?.patchedAt !== undefined && key.assessment.causes.length === 0 ? ' This run fixed the key: recreate the node group.' : usableNow(verdict, key) ? ` It failed on a KMS error; the key ${key.id} is usable now; the node group must be recreated.` : ''}`;
    }
    else
        headline = `${verdict.nodegroup ? `${verdict.selfManaged ? 'Auto Scaling group' : 'Node group'} ${verdict.nodegroup}: ` : verdict.launcher ? `${model/* LAUNCHER_LABEL */.w$[verdict.launcher]}: ` : ''}${sentence ?? verdict.message}`;
    return {
        result: verdict.result,
        couldNotLook: verdict.result !== 'success' &&
            (verdict.runError !== undefined || cause === 'cluster-not-found'),
        rootCause: verdict.result === 'success' ? undefined : cause,
        failureCode: verdict.failureCode,
        headline,
        explanation: note ?? (verdict.result === 'failure' ? verdict.message : undefined),
        nodegroup: verdict.nodegroup,
        selfManaged: verdict.selfManaged,
        key,
        evidence,
        ruledOut: key?.assessment.ruledOut ??
            outcome.keys.flatMap(k => k.assessment.ruledOut.map(r => `${k.id}: ${r}`)),
        openQuestions: outcome.keys.flatMap(k => k.assessment.openQuestions.map(q => `${k.id}: ${q}`)),
        fix: fix && fix.summary ? fix : verdict.fix ? { summary: verdict.fix } : undefined,
        keyFindings,
        drift,
        driftFix,
        terminal,
        detectedAfterSeconds,
        cancelled: verdict.cancelled === true
    };
}
/** The account in an AccessDenied message ("User: arn:aws:sts::111122223333:assumed-role/…"). */
function accountOfMessage(message) {
    return /arn:[^:\s]+:(?:sts|iam)::(\d{12}):/.exec(message)?.[1];
}
/** The role name of an assumed-role session ARN, or a role ARN. */
function roleNameOf(text) {
    return (/arn:[^:\s]+:sts::\d{12}:assumed-role\/([^/\s]+)\//.exec(text)?.[1] ??
        /arn:[^:\s]+:iam::\d{12}:role\/(?:[^\s]*\/)?([^/\s]+)$/.exec(text)?.[1]);
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
;// CONCATENATED MODULE: ./src/deploy/command.ts
/**
 * The deploy command (e.g. `terraform apply -auto-approve`), run while the guard watches. It gets
 * its own process group, so an interrupt reaches Terraform and its providers alike, and it is
 * stopped the way Terraform expects: SIGINT, time to save its state, only then SIGTERM, SIGKILL last.
 */

class DeployCommand {
    options;
    log;
    timeline;
    child;
    exitPromise;
    exit;
    interrupted = false;
    signalsSent = [];
    constructor(options, log, timeline) {
        this.options = options;
        this.log = log;
        this.timeline = timeline;
    }
    get running() {
        return this.child !== undefined && this.exit === undefined;
    }
    start() {
        this.timeline.add('command', 'command-started', this.options.shown ?? this.options.command);
        // stdin closed; detached gives the command a process group of its own to signal.
        const child = (0,external_node_child_process_.spawn)(this.options.command, {
            shell: true,
            cwd: this.options.cwd,
            env: this.options.env ?? process.env,
            stdio: ['ignore', 'pipe', 'pipe'],
            detached: true
        });
        this.child = child;
        for (const stream of [child.stdout, child.stderr]) {
            let pending = '';
            stream?.on('data', (chunk) => {
                pending += chunk.toString();
                const lines = pending.split('\n');
                pending = lines.pop() ?? '';
                for (const line of lines)
                    this.log.line(line);
            });
            stream?.on('end', () => {
                if (pending)
                    this.log.line(pending);
            });
        }
        this.exitPromise = new Promise(resolve => {
            child.on('error', error => {
                this.log.warning(`Could not start the command: ${error.message}`);
                this.exit = { code: 127, signal: null };
                resolve(this.exit);
            });
            child.on('close', (code, signal) => {
                this.exit ??= { code, signal };
                this.timeline.add('command', 'command-exited', signal ? `killed by ${signal}` : `exit code ${code}`);
                resolve(this.exit);
            });
        });
    }
    wait() {
        if (!this.exitPromise)
            throw new Error('the command was not started');
        return this.exitPromise;
    }
    send(signal) {
        if (!this.child?.pid || this.exit)
            return;
        this.signalsSent.push(signal);
        try {
            process.kill(-this.child.pid, signal);
        }
        catch {
            this.child.kill(signal);
        }
    }
    /**
     * Waits up to `ms` for the exit; true when the command has exited. The grace is the machine's
     * time, not the watch's clock: it is what a real process gets to save its state.
     */
    async exitedWithin(ms) {
        if (this.exit)
            return true;
        // The timer is cleared on exit, so a finished command does not hold the process open.
        let timer;
        const exited = this.wait().then(() => true);
        const waited = new Promise(resolve => {
            timer = setTimeout(() => resolve(false), ms);
        });
        const result = await Promise.race([exited, waited]);
        clearTimeout(timer);
        return result;
    }
    /**
     * Stops the command without ever leaving Terraform's state half-written by us: SIGINT and the
     * whole grace to finish, then SIGTERM, then SIGKILL.
     */
    async interrupt(reason) {
        if (!this.running)
            return this.exit;
        this.interrupted = true;
        this.timeline.add('command', 'command-interrupt', `SIGINT: ${reason}`);
        this.log.info(`Interrupting the deploy command (SIGINT) because ${reason}; it has ${Math.round(this.options.interruptGraceMs / 1000)}s to save its state and exit.`);
        this.send('SIGINT');
        if (await this.exitedWithin(this.options.interruptGraceMs))
            return this.exit;
        this.timeline.add('command', 'command-terminate', 'SIGTERM: the command did not exit after SIGINT');
        this.log.warning('The deploy command did not exit after SIGINT; sending SIGTERM.');
        this.send('SIGTERM');
        if (await this.exitedWithin(this.options.terminateGraceMs ?? 10_000))
            return this.exit;
        this.timeline.add('command', 'command-kill', 'SIGKILL: the command did not exit after SIGTERM');
        this.log.warning('The deploy command did not exit after SIGTERM; sending SIGKILL.');
        this.send('SIGKILL');
        await this.exitedWithin(5_000);
        return this.exit;
    }
}

;// CONCATENATED MODULE: ./src/render/redact.ts
/**
 * A command line as the report shows it: values that look secret replaced by `***`. The runner
 * masks only the secrets it was told about; a password typed inline (`-var db_password=…`) or a
 * token in an environment assignment would otherwise land in the job summary and the timeline
 * file, which are kept and shared. Pure.
 */
/** Names whose value is a secret: password, secret, token, credential, private key, api key … */
const SECRET_NAME = String.raw `[A-Za-z0-9_.-]*(?:pass(?:word|wd|phrase)?|pwd|secret|token|credential|private[_-]?key|api[_-]?key|access[_-]?key|auth)[A-Za-z0-9_.-]*`;
/** One shell word: quoted, or up to the next blank. */
const VALUE = String.raw `(?:'[^']*'|"(?:[^"\\]|\\.)*"|[^\s'"]+)`;
const RULES = [
    // name=value anywhere: -var password=…, -var 'db_password=…', TOKEN=… env, --secret=…
    [new RegExp(String.raw `(\b${SECRET_NAME}=)${VALUE}`, 'gi'), '$1***'],
    // -var='password=…' and "…" forms keep their quotes
    [new RegExp(String.raw `((['"])${SECRET_NAME}=)[^'"]*\2`, 'gi'), '$1***$2'],
    // --secret value, --password value, -token value
    [new RegExp(String.raw `(--?${SECRET_NAME}\s+)(?!-)${VALUE}`, 'gi'), '$1***'],
    // AWS access key ids (AKIA long-term, ASIA temporary)
    [/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, '***'],
    // GitHub tokens: personal, installation, OAuth, user-to-server, refresh, fine-grained
    [/\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g, '***']
];
function redactCommand(command) {
    return RULES.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), command);
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./src/timeline/collector.ts
/**
 * The run's timeline: what happened, when, according to whom. Times come from AWS timestamps
 * where AWS has them (activity start/end, node group createdAt), else the action's clock.
 */

/** The run's collector of events: the implementation of the model's {@link TimelineSink} port. */
class Timeline {
    now;
    events = [];
    autosavePath;
    autosaveExtra = {};
    constructor(now) {
        this.now = now;
    }
    /** Keeps the file current after every event, so a killed run still leaves its timeline behind. */
    autosave(path, extra = {}) {
        this.autosavePath = path;
        this.autosaveExtra = extra;
        this.write(path, extra);
    }
    add(source, kind, detail, options = {}) {
        const event = {
            time: new Date(options.at ?? this.now()).toISOString(),
            source,
            kind,
            detail,
            nodegroup: options.nodegroup,
            addon: options.addon,
            ...(options.activity ? { activity: options.activity } : {}),
            clock: options.at === undefined ? 'action' : 'aws'
        };
        this.events.push(event);
        if (this.autosavePath) {
            try {
                this.write(this.autosavePath, this.autosaveExtra);
            }
            catch {
                // A full disk must not stop the guard; the final write reports the problem.
            }
        }
        return event;
    }
    /** Events in time order (stable for equal times). */
    sorted() {
        return this.events
            .map((e, i) => ({ e, i }))
            .sort((a, b) => a.e.time.localeCompare(b.e.time) || a.i - b.i)
            .map(x => x.e);
    }
    first(kind, nodegroup) {
        return this.sorted().find(e => e.kind === kind && (nodegroup === undefined || e.nodegroup === nodegroup));
    }
    write(path, extra = {}) {
        (0,external_node_fs_.writeFileSync)(path, JSON.stringify({ ...extra, events: this.sorted() }, null, 2));
    }
}

// EXTERNAL MODULE: ./src/render/escape.ts
var render_escape = __webpack_require__(7789);
;// CONCATENATED MODULE: ./src/report/durations.ts
/** Durations and offsets in the units a person reads at the run's scale. */
/** A duration: "0.7 s", "1 min 05 s", "1 h 05 min". */
function duration(seconds) {
    return seconds < 60
        ? `${seconds.toFixed(1)} s`
        : seconds < 3600
            ? `${Math.floor(seconds / 60)} min ${String(Math.round(seconds % 60)).padStart(2, '0')} s`
            : `${Math.floor(seconds / 3600)} h ${String(Math.round((seconds % 3600) / 60)).padStart(2, '0')} min`;
}
/** An offset from an origin: "+0.7 s", "+1 min 05 s", "-1 min 00 s". */
function offset(ms) {
    return `${ms < 0 ? '-' : '+'}${duration(Math.abs(ms) / 1000)}`;
}

;// CONCATENATED MODULE: ./src/report/links.ts
/**
 * Links a reader follows from a report: the AWS documentation of the key policy Auto Scaling
 * needs, and console pages for the key, the node group and the Auto Scaling group's activity
 * history, built for the run's partition and Region (each partition has its own console host).
 * Pure.
 */
/** The partition of a Region code (cn-north-1 → aws-cn, us-gov-west-1 → aws-us-gov). */
function partitionOf(region, fallback) {
    if (fallback === 'aws-cn' || fallback === 'aws-us-gov' || fallback === 'aws')
        return fallback;
    if (region.startsWith('cn-'))
        return 'aws-cn';
    if (region.startsWith('us-gov-'))
        return 'aws-us-gov';
    return 'aws';
}
/** EC2 Auto Scaling User Guide: "Required AWS KMS key policy for use with encrypted volumes". */
function keyPolicyDocsUrl(partition) {
    const path = 'autoscaling/ec2/userguide/key-policy-requirements-EBS-encryption.html';
    return partition === 'aws-cn'
        ? `https://docs.amazonaws.cn/en_us/${path}`
        : `https://docs.aws.amazon.com/${path}`;
}
/** The console's base URL for a service in a Region of a partition. */
function consoleBase(partition, region) {
    switch (partition) {
        case 'aws-cn':
            return 'https://console.amazonaws.cn';
        case 'aws-us-gov':
            return 'https://console.amazonaws-us-gov.com';
        default:
            return `https://${region}.console.aws.amazon.com`;
    }
}
const enc = encodeURIComponent;
/** The key's page in the KMS console (its own Region, taken from the ARN when there is one). */
function keyConsoleUrl(keyArn, partition, region) {
    const parsed = /^arn:([^:]+):kms:([^:]+):\d{12}:key\/(.+)$/.exec(keyArn);
    const keyRegion = parsed?.[2] ?? region;
    const keyPartition = parsed ? partitionOf(keyRegion, parsed[1]) : partition;
    const id = parsed?.[3] ?? keyArn;
    return `${consoleBase(keyPartition, keyRegion)}/kms/home?region=${enc(keyRegion)}#/kms/keys/${enc(id)}`;
}
function nodegroupConsoleUrl(cluster, nodegroup, partition, region) {
    return `${consoleBase(partition, region)}/eks/home?region=${enc(region)}#/clusters/${enc(cluster)}/nodegroups/${enc(nodegroup)}`;
}
function asgActivityConsoleUrl(asg, partition, region) {
    return `${consoleBase(partition, region)}/ec2/home?region=${enc(region)}#AutoScalingGroupDetails:id=${enc(asg)};view=activity`;
}

;// CONCATENATED MODULE: ./src/report/names.ts

/**
 * Prose from untrusted text: escaped, except `code spans` the text itself wrote (check's
 * messages name resources that way), which stay code spans instead of literal backticks.
 */
function prose(text) {
    const parts = text.replace(/\r?\n/g, ' ').split(/(`[^`]+`)/);
    return parts.map((part, i) => (i % 2 === 1 ? part : (0,render_escape/* escapeMarkdown */.FV)(part))).join('');
}
/** Long identifiers and their short forms: a key ARN → its alias or key id, a role ARN → its name. */
class Names {
    short = new Map();
    constructor(outcome, diagnosis) {
        const keys = [...(outcome?.keys ?? []), ...(diagnosis?.key ? [diagnosis.key] : [])];
        for (const key of keys) {
            const name = keyName(key);
            for (const long of [key.facts.arn, key.id])
                if (long && long !== name && long.startsWith('arn:'))
                    this.short.set(long, name);
            if (key.roleArn)
                this.short.set(key.roleArn, key.roleArn.split('/').pop() ?? key.roleArn);
        }
        const role = outcome?.role?.arn;
        if (role)
            this.short.set(role, role.split('/').pop() ?? role);
    }
    /** The text with every long identifier in its short form. */
    text(text) {
        let result = text;
        for (const [long, short] of [...this.short].sort((a, b) => b[0].length - a[0].length))
            result = result.split(long).join(short);
        return result;
    }
    prose(text) {
        return prose(this.text(text));
    }
}
/** A key's short name: the alias a launch template names it by, else its key id. */
function keyName(key) {
    const alias = key.uses
        .map(u => u.reference)
        .find(r => /^(arn:[^:]+:kms:[^:]+:\d+:)?alias\//.test(r));
    return (alias?.replace(/^arn:[^:]+:kms:[^:]+:\d+:/, '') ??
        key.facts.keyId ??
        (key.facts.arn ?? key.id).split('/').pop() ??
        key.id);
}

;// CONCATENATED MODULE: ./src/report/first-screen.ts



const ICON = { success: '✅', failure: '❌', timeout: '⏱️' };
/** EKS gives up on a node group whose launches keep failing after about this long (34 min in the incident). */
const EKS_GIVE_UP_MINUTES = 34;
/** aws_eks_node_group's default create timeout. */
const TERRAFORM_TIMEOUT_MINUTES = 60;
function outcomeWord(diagnosis) {
    return diagnosis.result === 'success'
        ? 'passed'
        : diagnosis.cancelled
            ? 'cancelled'
            : diagnosis.result === 'timeout'
                ? 'timed out'
                : 'failed';
}
/** The one line a reader (and the comment's history) sees first. */
function verdictLine(diagnosis, context) {
    const icon = diagnosis.cancelled ? '🛑' : ICON[diagnosis.result];
    const mode = context.dryRun ? `${context.mode} (dry run)` : context.mode;
    // check reads Terraform only: a cluster-name the workflow also passes is not what it checked.
    const scope = context.clusterName && context.mode !== 'check'
        ? ` for cluster ${(0,render_escape/* inlineCode */.ti)(context.clusterName)} (${context.region})`
        : '';
    const cause = diagnosis.rootCause ? ` · ${(0,render_escape/* inlineCode */.ti)(diagnosis.rootCause)}` : '';
    return `${icon} **eks-kms-guard ${mode} ${outcomeWord(diagnosis)}**${scope}${cause}`;
}
function comparisonLine(diagnosis, operation) {
    if (diagnosis.result !== 'failure' || diagnosis.detectedAfterSeconds === undefined)
        return undefined;
    // A self-managed group has no EKS status to turn: its Auto Scaling group keeps retrying.
    if (diagnosis.selfManaged)
        return `Detected ${diagnosis.detectedAfterSeconds} s after this run started watching. Without this guard, the Auto Scaling group keeps retrying the launches, each one failing the same way, and nothing in CI fails.`;
    if (operation === 'update')
        return `Detected ${diagnosis.detectedAfterSeconds} s after the node group's update started. Without this guard, EKS fails such an update with NodeCreationFailure only after a long wait (users report about 45 min) and then rolls it back; Terraform waits up to ${TERRAFORM_TIMEOUT_MINUTES} minutes.`;
    if (operation === 'scale-out')
        return `Detected ${diagnosis.detectedAfterSeconds} s after this run started watching. Without this guard, the node group stays ACTIVE for about 10 minutes, then turns DEGRADED, and nothing in CI fails.`;
    return `Detected ${diagnosis.detectedAfterSeconds} s after the node group's creation started. Without this guard, EKS marks such a node group CREATE_FAILED only when it gives up (${EKS_GIVE_UP_MINUTES} min in the incident), and Terraform's aws_eks_node_group waits up to its ${TERRAFORM_TIMEOUT_MINUTES}-minute create timeout.`;
}
function partition(context) {
    return partitionOf(context.region, context.outcome?.identity?.partition);
}
/** Console links for the deciding key and node group, and the AWS documentation of the key policy. */
function links(diagnosis, context) {
    const p = partition(context);
    const result = [];
    const key = diagnosis.key;
    if (key?.facts.arn)
        result.push(`[key ${(0,render_escape/* escapeMarkdown */.FV)(keyName(key))}](${keyConsoleUrl(key.facts.arn, p, context.region)})`);
    const nodegroup = diagnosis.nodegroup;
    if (nodegroup && diagnosis.selfManaged && context.region)
        result.push(`[Auto Scaling group ${(0,render_escape/* escapeMarkdown */.FV)(nodegroup)}](${asgActivityConsoleUrl(nodegroup, p, context.region)})`);
    else if (nodegroup && context.clusterName && context.region) {
        result.push(`[node group ${(0,render_escape/* escapeMarkdown */.FV)(nodegroup)}](${nodegroupConsoleUrl(context.clusterName, nodegroup, p, context.region)})`);
        const asg = context.outcome?.nodegroups.find(n => n.name === nodegroup)?.asgNames[0];
        if (asg)
            result.push(`[Auto Scaling activity](${asgActivityConsoleUrl(asg, p, context.region)})`);
    }
    const kmsCause = diagnosis.rootCause?.startsWith('kms-') || diagnosis.rootCause === 'autoscaling-role-missing';
    if (kmsCause || context.mode === 'check' || (context.outcome?.keys.length ?? 0) > 0)
        result.push(`[required key policy (AWS docs)](${keyPolicyDocsUrl(p)})`);
    return result;
}
/** Verdict, cause, what to do next and the links: what a reader needs without scrolling. */
function firstScreen(diagnosis, context, names) {
    const lines = [verdictLine(diagnosis, context), ''];
    const said = [];
    if (diagnosis.result !== 'success')
        said.push(`**${/\bCause: /.test(diagnosis.headline) ? 'What happened' : 'Cause'}:** ${names.prose(diagnosis.headline)}`);
    else
        said.push(names.prose(diagnosis.headline));
    if (context.dryRun)
        said.push('**Dry run:** nothing was written; the key policy change below is what `deploy` would write.');
    if (diagnosis.fix?.summary && diagnosis.result !== 'success')
        said.push(`**Next:** ${names.prose(diagnosis.fix.summary)}`);
    const key = diagnosis.key;
    if (key?.facts.arn && diagnosis.result !== 'success')
        said.push(`**Key:** ${(0,render_escape/* inlineCode */.ti)(keyName(key))} is ${(0,render_escape/* inlineCode */.ti)(key.facts.arn)}`);
    const found = links(diagnosis, context);
    if (found.length)
        said.push(`**Links:** ${found.join(' · ')}`);
    // Each its own line in one paragraph (a trailing backslash is a hard line break in GFM).
    lines.push(said.join('\\\n'), '');
    return lines;
}

;// CONCATENATED MODULE: ./src/report/comment-timeline.ts



/** What EC2 Auto Scaling cancels each launch with when it cannot use the volume's key. */
const KEY_FAILURE_CODE = 'Client.InvalidKMSKey.InvalidState';
/** EKS fails a node group update whose launches fail after about this long (users report it). */
const UPDATE_GIVE_UP_MINUTES = 45;
/** A node group whose scale-out launches fail turns DEGRADED after about this long. */
const DEGRADED_MINUTES = 10;
function at(event) {
    return event ? Date.parse(event.time) : undefined;
}
/** The launch failure's code: the verdict's, else the code the launch events carry. */
function failureCode(diagnosis, failed) {
    if (diagnosis.failureCode && /^[A-Z][\w.]*$/.test(diagnosis.failureCode))
        return diagnosis.failureCode;
    return failed?.detail.match(/\b(Client\.[A-Za-z]+\.[A-Za-z]+)\b/)?.[1];
}
/** The moments of this run worth a line, in the order they happened. */
function runMilestones(diagnosis, context) {
    const events = context.events;
    const result = [];
    const push = (time, text) => {
        if (time !== undefined && Number.isFinite(time))
            result.push({ time, text });
    };
    const mode = context.dryRun ? `${context.mode} (dry run)` : context.mode;
    push(at(events.find(e => e.kind === 'started')), `${(0,render_escape/* escapeMarkdown */.FV)(mode)} started`);
    push(at(events.find(e => e.kind === 'command-started')), 'deploy command started');
    push(at(events.find(e => e.kind === 'cluster-status' && / → ACTIVE$/.test(e.detail))), 'cluster ready (ACTIVE)');
    const nodegroup = diagnosis.nodegroup ?? diagnosis.terminal?.nodegroup;
    const ofNodegroup = (e) => !nodegroup || e.nodegroup === nodegroup;
    const created = events.find(e => e.kind === 'nodegroup-created' &&
        ofNodegroup(e) &&
        !/found \w+ when this run started/.test(e.detail));
    const createdAt = at(created) ?? (diagnosis.terminal?.createdAt && Date.parse(diagnosis.terminal.createdAt));
    if (createdAt)
        push(createdAt, `node group ${(0,render_escape/* inlineCode */.ti)(created?.nodegroup ?? nodegroup ?? '')} creating`);
    const failed = events.find(e => e.kind === 'launch-failed' && ofNodegroup(e));
    const code = failureCode(diagnosis, failed);
    if (failed)
        push(at(failed), `first failed launch${code ? `: ${(0,render_escape/* inlineCode */.ti)(code)}` : ''}`);
    if (diagnosis.terminal?.gaveUpAt)
        push(Date.parse(diagnosis.terminal.gaveUpAt), `EKS gave up: node group ${(0,render_escape/* inlineCode */.ti)(diagnosis.terminal.status)}`);
    push(at(events.find(e => e.kind === 'policy-patched')), 'key policy patched');
    push(at(events.find(e => e.kind === 'policy-dry-run')), 'key policy change shown (dry run)');
    const verdict = events.find(e => e.kind === 'verdict');
    const word = diagnosis.result === 'success'
        ? 'passed'
        : diagnosis.result === 'timeout'
            ? 'timed out'
            : 'failed';
    push(at(verdict), `verdict: ${word}${!failed && code && diagnosis.result !== 'success' ? ` (${(0,render_escape/* inlineCode */.ti)(code)})` : ''}`);
    return result.sort((a, b) => a.time - b.time);
}
/** What EKS would have done without the guard, and when, measured from the node group's start. */
function withoutGuard(diagnosis, context, origin) {
    // A self-managed group has no EKS status that would turn: it retries with nothing to time.
    if (diagnosis.selfManaged)
        return undefined;
    const operation = context.outcome?.verdict.operation;
    const startedAt = context.outcome?.verdict.operationStartedAt;
    const patched = (context.outcome?.keys ?? []).some(k => (k.patch?.status === 'written' || k.patch?.status === 'dry-run') && k.patch.added.length);
    const failedOnKey = diagnosis.result === 'failure' && diagnosis.detectedAfterSeconds !== undefined;
    if (!failedOnKey && !patched)
        return undefined;
    const created = context.events.find(e => e.kind === 'nodegroup-created' &&
        (!diagnosis.nodegroup || e.nodegroup === diagnosis.nodegroup) &&
        !/found \w+ when this run started/.test(e.detail));
    const start = startedAt ?? (created ? Date.parse(created.time) : undefined);
    if (start === undefined)
        return undefined;
    // Minutes: the estimate is no finer than that, whatever the run's own scale.
    const when = (minutes) => `+${Math.round((start - origin) / 60_000 + minutes)} min`;
    const cause = failedOnKey
        ? ''
        : ` every launch would have been cancelled with ${(0,render_escape/* inlineCode */.ti)(KEY_FAILURE_CODE)};`;
    if (operation === 'update')
        return `**≈ ${when(UPDATE_GIVE_UP_MINUTES)}** without this guard:${cause} EKS fails the update with ${(0,render_escape/* inlineCode */.ti)('NodeCreationFailure')} (users report ≈ ${UPDATE_GIVE_UP_MINUTES} min) and rolls it back.`;
    if (operation === 'scale-out')
        return `**≈ ${when(DEGRADED_MINUTES)}** without this guard:${cause} the node group turns ${(0,render_escape/* inlineCode */.ti)('DEGRADED')} and nothing in CI fails.`;
    if (!created && operation !== 'creation')
        return undefined;
    return `**≈ ${when(EKS_GIVE_UP_MINUTES)}** without this guard:${cause} EKS marks the node group ${(0,render_escape/* inlineCode */.ti)('CREATE_FAILED')} (${EKS_GIVE_UP_MINUTES} min in the incident); Terraform's create timeout ends at ${when(TERRAFORM_TIMEOUT_MINUTES)}.`;
}
/** The comment's "Timeline" section: a few lines, times relative to the run's first milestone. */
function commentTimeline(diagnosis, context) {
    const milestones = runMilestones(diagnosis, context);
    if (milestones.length < 2)
        return [];
    const origin = milestones[0].time;
    const lines = milestones.map((m, i) => `- **${offset(m.time - origin)}**${i === 0 ? ` (${new Date(m.time).toISOString().slice(11, 19)} UTC)` : ''} ${m.text}`);
    const counterfactual = withoutGuard(diagnosis, context, origin);
    if (counterfactual)
        lines.push(`- ${counterfactual}`);
    return ['### Timeline', '', ...lines, ''];
}

;// CONCATENATED MODULE: ./src/report/key-table.ts




/** The keys, in full for the job summary or compact for the comment. */
function keyTable(outcome, context, compact = false) {
    if (outcome.keys.length === 0)
        return [];
    const p = partition(context);
    const rows = outcome.keys.map(k => {
        const f = k.facts;
        const name = (0,render_escape/* escapeMarkdown */.FV)(keyName(k));
        const key = f.arn ? `[${name}](${keyConsoleUrl(f.arn, p, context.region)})` : name;
        const users = [
            ...new Set(k.uses.map(u => (u.nodegroup === '(input)' ? 'kms-key-ids' : u.nodegroup)))
        ].join(', ');
        const sources = [...new Set(k.uses.map(u => u.source))].join(', ');
        const status = k.assessment.causes.length
            ? k.assessment.causes.map(c => (0,render_escape/* inlineCode */.ti)(c)).join(' ')
            : k.assessment.openQuestions.length
                ? 'cannot tell'
                : 'ok';
        const policy = k.patch
            ? `${k.patch.status}${k.patch.added.length ? ` (+${k.patch.added.map(s => s.Sid).join(', ')})` : ''}`
            : '—';
        return compact
            ? `| ${key} | ${(0,render_escape/* escapeMarkdown */.FV)(users)} | ${status} | ${(0,render_escape/* escapeMarkdown */.FV)(policy)} |`
            : `| ${key} | ${(0,render_escape/* escapeMarkdown */.FV)(f.state ?? 'not found')} | ${(0,render_escape/* escapeMarkdown */.FV)(f.manager ?? '—')} | ${(0,render_escape/* escapeMarkdown */.FV)(users)} (${(0,render_escape/* escapeMarkdown */.FV)(sources)}) | ${status} | ${(0,render_escape/* escapeMarkdown */.FV)(policy)} |`;
    });
    return [
        '### Keys',
        '',
        compact
            ? '| key | used by | findings | policy |'
            : '| key | state | manager | used by | findings | policy |',
        compact ? '| --- | --- | --- | --- |' : '| --- | --- | --- | --- | --- | --- |',
        ...rows,
        ''
    ];
}

;// CONCATENATED MODULE: ./src/report/event-groups.ts
/**
 * The events as a story: each once, and N events that mean the same between two turns of the
 * story as one row.
 */

/** Events with the same meaning: kind, node group and detail without instance ids and times. */
function sameness(event) {
    const detail = event.detail
        .replace(/\bi-[0-9a-f]{8,17}\b/g, 'i-…')
        .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '…');
    return `${event.kind}\n${event.nodegroup ?? ''}\n${event.addon ?? ''}\n${detail}`;
}
/** Kinds that repeat within one turn of the story (grouped when alike); every other kind is a turn. */
const REPEATS = new Set([
    'check',
    'cluster-missing',
    'role-found',
    'role-missing',
    'key-checked',
    'policy-unchanged',
    'grant-refused',
    'addon-health',
    'addon-version-checked',
    'launch-attempt',
    'launch-succeeded',
    'launch-failed'
]);
/** Kinds that mark a turn in the story: repeats on either side of one are not grouped together. */
const TURNS = new Set(model/* EVENT_KINDS */.dP.filter(kind => !REPEATS.has(kind)));
/**
 * Each event once (a launch that ended is its end, not also its attempt), and N events that mean
 * the same between two turns of the story as one row with the count and the first/last time.
 */
function groupEvents(events) {
    const ended = new Set(events
        .filter(e => e.activity && (e.kind === 'launch-failed' || e.kind === 'launch-succeeded'))
        .map(e => e.activity));
    const rows = [];
    let open = new Map();
    for (const event of events) {
        if (event.kind === 'launch-attempt' && event.activity && ended.has(event.activity))
            continue;
        if (TURNS.has(event.kind))
            open = new Map();
        const key = sameness(event);
        const row = open.get(key);
        if (row && !TURNS.has(event.kind)) {
            row.count++;
            row.last = event;
            continue;
        }
        const added = { first: event, last: event, count: 1 };
        rows.push(added);
        if (!TURNS.has(event.kind))
            open.set(key, added);
    }
    return rows;
}

;// CONCATENATED MODULE: ./src/report/event-table.ts



/** Rows of the event table before the middle is left to the timeline file. */
const EVENT_ROWS = 30;
/** A detail cell longer than this is cut (the timeline file has it whole). */
const DETAIL_CHARS = 180;
function relative(ms) {
    const sign = ms < 0 ? '-' : '+';
    const s = Math.abs(ms) / 1000;
    return `${sign}${s < 60 ? `${s.toFixed(1)}s` : s < 3600 ? `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`}`;
}
function cut(text, chars = DETAIL_CHARS) {
    return text.length > chars ? `${text.slice(0, chars - 1)}…` : text;
}
function eventTable(events, origin, names = new Names(), limit = EVENT_ROWS) {
    const rows = groupEvents(events);
    const shown = rows.length > limit ? [...rows.slice(0, limit / 2), ...rows.slice(-limit / 2)] : rows;
    const hidden = rows.length > limit ? rows.slice(limit / 2, rows.length - limit / 2) : [];
    const cells = (row) => {
        const t0 = Date.parse(row.first.time) - origin;
        const t1 = Date.parse(row.last.time) - origin;
        const many = row.count > 1;
        const detail = many
            ? row.first.detail.replace(/\bi-[0-9a-f]{8,17}\b/g, 'i-…')
            : row.first.detail;
        return `| ${relative(t0)}${many ? ` … ${relative(t1)}` : ''} | ${row.first.time.slice(11, 19)}${many ? `–${row.last.time.slice(11, 19)}` : ''} | ${(0,render_escape/* escapeMarkdown */.FV)(row.first.kind)}${many ? ` ×${row.count}` : ''} | ${prose(cut(names.text(detail)))} |`;
    };
    const middle = hidden.reduce((n, r) => n + r.count, 0);
    return [
        '| t | UTC | event | detail |',
        '| --- | --- | --- | --- |',
        ...shown.slice(0, shown.length - (hidden.length ? limit / 2 : 0)).map(cells),
        ...(hidden.length
            ? [
                `| … | | | _… ${middle} more events in the timeline file (the ${(0,render_escape/* inlineCode */.ti)('timeline-file')} output)_ |`,
                ...shown.slice(-limit / 2).map(cells)
            ]
            : []),
        ''
    ];
}

;// CONCATENATED MODULE: ./src/timeline/phases.ts
/** Phases that started more than this before the run are old history, not this deployment. */
const HISTORY_MS = 60 * 60_000;
const NODEGROUP_END = /→ (ACTIVE|CREATE_FAILED|DEGRADED|DELETE_FAILED)$/;
const ADDON_END = /→ (ACTIVE|CREATE_FAILED|UPDATE_FAILED|DEGRADED)$/;
/**
 * The deployment's phases from the timeline's typed events: the run, the cluster (creation or
 * update), each node group (creation: waiting for the Auto Scaling group, first launch, detection;
 * update) and each add-on, each ending at its settling event or the verdict.
 */
function phases(events, diagnosis) {
    const last = events[events.length - 1];
    const verdict = events.find(e => e.kind === 'verdict') ?? last;
    const started = events.find(e => e.kind === 'started');
    const result = [];
    if (!verdict)
        return result;
    const origin = started ? Date.parse(started.time) - HISTORY_MS : Number.NEGATIVE_INFINITY;
    const add = (name, section, start, end) => {
        if (start && end && Date.parse(start.time) >= origin)
            result.push({ name, section, start: start.time, end: end.time });
    };
    const after = (from, test) => events.find(e => e.time >= from.time && test(e));
    add('Guard running', 'Run', started, verdict);
    const clusterCreated = events.find(e => e.kind === 'cluster-created');
    if (clusterCreated && /\(CREATING\)/.test(clusterCreated.detail))
        add('Cluster creation', 'Cluster', clusterCreated, after(clusterCreated, e => e.kind === 'cluster-status' && / → ACTIVE$/.test(e.detail)) ??
            verdict);
    for (const update of events.filter(e => e.kind === 'cluster-update-started'))
        add('Cluster update', 'Cluster', update, after(update, e => e.kind === 'cluster-update-ended') ?? verdict);
    const nodegroups = [
        ...new Set(events.filter(e => e.nodegroup && e.kind.startsWith('nodegroup-')).map(e => e.nodegroup))
    ];
    for (const name of nodegroups) {
        const section = `Node group ${name}`;
        const of = (e) => e.nodegroup === name;
        const created = events.find(e => of(e) && e.kind === 'nodegroup-created');
        if (created && !/found \w+ when this run started/.test(created.detail)) {
            const settled = after(created, e => of(e) && e.kind === 'nodegroup-status' && NODEGROUP_END.test(e.detail)) ?? verdict;
            add(`Node group ${name} creation`, section, created, settled);
            const asg = after(created, e => of(e) && e.kind === 'asg-created');
            add('Waiting for the Auto Scaling group', section, created, asg);
            const launch = after(created, e => of(e) && e.kind === 'launch-attempt');
            const failure = launch && after(launch, e => of(e) && e.kind === 'launch-failed');
            add('Until first launch', section, asg ?? created, launch);
            if (launch && failure)
                add('First launch', section, launch, failure);
            if (failure && diagnosis.result === 'failure' && diagnosis.nodegroup === name)
                add('Detection', section, failure, verdict);
        }
        for (const update of events.filter(e => of(e) && e.kind === 'nodegroup-update-started')) {
            const id = update.detail.split(' ').find((_, i, words) => /Update$/.test(words[i - 1] ?? ''));
            const ended = after(update, e => of(e) && e.kind === 'nodegroup-update-ended' && (!id || e.detail.includes(id))) ?? verdict;
            add(`Node group ${name} update`, section, update, ended);
            const failure = after(update, e => of(e) && e.kind === 'launch-failed');
            if (failure &&
                failure.time <= ended.time &&
                diagnosis.nodegroup === name &&
                diagnosis.result === 'failure')
                add('Detection', section, failure, verdict);
        }
    }
    for (const created of events.filter(e => e.kind === 'addon-created')) {
        const name = created.addon ?? '';
        const settled = after(created, e => e.addon === name && e.kind === 'addon-status' && ADDON_END.test(e.detail)) ?? verdict;
        add(`Add-on ${name}`, 'Add-ons', created, settled);
    }
    return result.filter(p => p.end >= p.start);
}

;// CONCATENATED MODULE: ./src/report/gantt.ts



function ganttName(text) {
    return text.replace(/[:;#]/g, ' ').trim();
}
/** Any day without a DST change: the chart shows time since its first phase as a wall clock. */
const CHART_EPOCH = Date.UTC(2000, 0, 1);
function chartTime(ms) {
    // Written as a local wall-clock time and read back as one, so the axis shows the elapsed time
    // whatever the reader's time zone.
    return new Date(CHART_EPOCH + ms).toISOString().slice(0, 23).replace('T', ' ');
}
const TICKS = [
    [100, '100millisecond'],
    [200, '200millisecond'],
    [500, '500millisecond'],
    [1_000, '1second'],
    [2_000, '2second'],
    [5_000, '5second'],
    [10_000, '10second'],
    [15_000, '15second'],
    [30_000, '30second'],
    [60_000, '1minute'],
    [120_000, '2minute'],
    [300_000, '5minute'],
    [600_000, '10minute'],
    [900_000, '15minute'],
    [1_800_000, '30minute'],
    [3_600_000, '1hour'],
    [7_200_000, '2hour']
];
/** A tick interval giving at most about eight labels over the span. */
function tickInterval(spanMs) {
    return (TICKS.find(([ms]) => spanMs / ms <= 8) ?? TICKS[TICKS.length - 1])[1];
}
/**
 * The axis's labels in the unit of the run's scale, each with its unit: "0.200 s" for a run of a
 * few seconds (a compressed test run), "30 s", "12 min", "1 h 05" for a long deployment.
 */
function axisFormat(spanMs) {
    if (spanMs < 5_000)
        return '%-S.%L s';
    if (spanMs < 60_000)
        return '%-S s';
    if (spanMs < 3_600_000)
        return spanMs < 300_000 ? '%-M:%S min' : '%-M min';
    return '%-H h %M';
}
/**
 * A section's name as the chart's narrow left column shows it (Mermaid does not wrap it, and a
 * longer one is drawn over the bars): the node group's own name is in its bars' names already.
 */
function sectionLabel(section, nodegroupSections) {
    if (!section.startsWith('Node group '))
        return section;
    return nodegroupSections.length > 1 ? `Group ${nodegroupSections.indexOf(section) + 1}` : 'Nodes';
}
/** The moments worth a mark: the key policy patch (or its dry run) and the verdict. */
function milestones(events) {
    const result = [];
    const patch = events.find(e => e.kind === 'policy-patched');
    if (patch)
        result.push({ name: 'Key policy patched', time: patch.time });
    const dry = events.find(e => e.kind === 'policy-dry-run');
    if (dry)
        result.push({ name: 'Policy change (dry run)', time: dry.time });
    const verdict = events.find(e => e.kind === 'verdict');
    if (verdict)
        result.push({ name: 'Verdict', time: verdict.time });
    return result;
}
/** The gantt (only when there are phases to compare) and the table of phases. */
function gantt(events, diagnosis) {
    const list = phases(events, diagnosis);
    if (list.length < 2) {
        const only = list[0];
        return only
            ? [
                `${(0,render_escape/* escapeMarkdown */.FV)(only.name)}: ${duration((Date.parse(only.end) - Date.parse(only.start)) / 1000)}.`,
                ''
            ]
            : [];
    }
    const origin = Math.min(...list.map(p => Date.parse(p.start)));
    const marks = milestones(events).filter(m => Date.parse(m.time) >= origin);
    const end = Math.max(...list.map(p => Date.parse(p.end)), ...marks.map(m => Date.parse(m.time)));
    const span = end - origin;
    const at = (iso) => chartTime(Date.parse(iso) - origin);
    const lines = [
        'gantt',
        `  title Time since ${new Date(origin).toISOString().slice(11, 19)} UTC`,
        '  dateFormat YYYY-MM-DD HH:mm:ss.SSS',
        `  axisFormat ${axisFormat(span)}`,
        `  tickInterval ${tickInterval(span)}`,
        '  todayMarker off'
    ];
    const nodegroupSections = [
        ...new Set(list.map(p => p.section).filter(n => n.startsWith('Node group ')))
    ];
    let section = '';
    for (const p of list) {
        if (p.section !== section) {
            section = p.section;
            lines.push(`  section ${ganttName(sectionLabel(section, nodegroupSections))}`);
        }
        lines.push(`  ${ganttName(p.name)} : ${at(p.start)}, ${at(p.end)}`);
    }
    if (marks.length) {
        lines.push('  section Milestones');
        for (const m of marks)
            lines.push(`  ${ganttName(m.name)} : milestone, ${at(m.time)}, ${at(m.time)}`);
    }
    return [(0,render_escape/* codeBlock */.DV)(lines.join('\n'), 'mermaid'), '', ...phaseTable(list), ''];
}
/** The phases with their durations, like the incident's "Deployment Timeline". */
function phaseTable(list) {
    return [
        '| phase | started (UTC) | duration |',
        '| --- | --- | --- |',
        ...list.map(p => `| ${(0,render_escape/* escapeMarkdown */.FV)(p.section === 'Run' || p.name.startsWith(p.section) ? p.name : `${p.section}: ${p.name}`)} | ${p.start.slice(11, 19)} | ${duration((Date.parse(p.end) - Date.parse(p.start)) / 1000)} |`)
    ];
}

;// CONCATENATED MODULE: ./src/report/sections.ts




function fixSection(diagnosis, compact = false) {
    const fix = diagnosis.fix;
    if (!fix || (!fix.json && !fix.terraform && !fix.template && !fix.cli))
        return [];
    const lines = ['### Fix', ''];
    // The first form is the fix itself, so it starts open; the other forms are there when wanted.
    const forms = [
        [fix.json, 'Key policy statements to add (JSON)', 'json'],
        [fix.terraform, 'Terraform', 'hcl'],
        [fix.template, 'CloudFormation / CDK', ''],
        [compact ? undefined : fix.cli, 'AWS CLI', 'sh']
    ];
    let opened = false;
    for (const [text, title, language] of forms) {
        if (!text)
            continue;
        lines.push(`<details${opened ? '' : ' open'}><summary>${title}</summary>`, '', (0,render_escape/* codeBlock */.DV)(text, language), '', '</details>', '');
        opened = true;
    }
    return lines;
}
/** The dry run's proposed change of each key policy, as a unified diff. */
function dryRunSection(context, names) {
    const keys = (context.outcome?.keys ?? []).filter(k => k.patch?.status === 'dry-run');
    if (keys.length === 0)
        return [];
    const lines = ['### Key policy change (dry run: not written)', ''];
    for (const key of keys) {
        const patch = key.patch;
        lines.push(`${(0,render_escape/* inlineCode */.ti)(keyName(key))}: ${names.prose(patch.message)}${patch.added.length ? ` Adds ${patch.added.map(s => (0,render_escape/* inlineCode */.ti)(s.Sid ?? '(no Sid)')).join(', ')}.` : ''}`, '');
        if (patch.diff)
            lines.push((0,render_escape/* codeBlock */.DV)(patch.diff, 'diff'), '');
    }
    return lines;
}
function driftSection(diagnosis, names, open = true) {
    if (diagnosis.drift.length === 0)
        return [];
    const lines = [];
    for (const drift of diagnosis.drift)
        lines.push(`> ⚠️ **Drift:** ${names.prose(drift)}`, '');
    if (diagnosis.driftFix)
        lines.push(`<details${open ? ' open' : ''}><summary>Terraform: the same statements in the key's configuration</summary>`, '', (0,render_escape/* codeBlock */.DV)(diagnosis.driftFix, 'hcl'), '', '</details>', '');
    return lines;
}
function list(title, items, names, open = true) {
    if (items.length === 0)
        return [];
    const body = items.map(i => `- ${names.prose(i)}`);
    return open
        ? [`### ${title}`, '', ...body, '']
        : [`<details><summary>${title} (${items.length})</summary>`, '', ...body, '', '</details>', ''];
}
/** Timelines with nothing but the run's own start, checks and verdict say nothing. */
function worthATimeline(events) {
    return events.some(e => !['started', 'check', 'verdict'].includes(e.kind));
}
function timelineSection(diagnosis, context, names) {
    if (!worthATimeline(context.events))
        return [];
    const created = context.events.find(e => e.kind === 'nodegroup-created' &&
        (!diagnosis.nodegroup || e.nodegroup === diagnosis.nodegroup));
    const origin = Date.parse((created ?? context.events[0]).time);
    return [
        '### Timeline',
        '',
        `Times relative to ${created ? `the creation of node group ${(0,render_escape/* escapeMarkdown */.FV)(created.nodegroup ?? '')}` : 'the first event'}; repeats are one row with their count.`,
        '',
        ...gantt(context.events, diagnosis),
        ...eventTable(context.events, origin, names)
    ];
}
function otherKeys(diagnosis, names) {
    const lines = [];
    for (const finding of diagnosis.keyFindings.filter(f => f.key !== diagnosis.key)) {
        lines.push(`<details><summary>Also: ${(0,render_escape/* escapeMarkdown */.FV)(keyName(finding.key))} — ${finding.causes.join(', ')}</summary>`, '');
        for (const remedy of finding.remedies) {
            lines.push(names.prose(remedy.summary), '');
            if (remedy.json)
                lines.push((0,render_escape/* codeBlock */.DV)(remedy.json, 'json'), '');
        }
        lines.push('</details>', '');
    }
    return lines;
}

;// CONCATENATED MODULE: ./src/report/markdown.ts





/** The job summary: the first screen, then everything a reader may want to check. */
function markdown_renderReport(diagnosis, context) {
    const names = new Names(context.outcome, diagnosis);
    const lines = firstScreen(diagnosis, context, names);
    const comparison = comparisonLine(diagnosis, context.outcome?.verdict.operation);
    if (comparison)
        lines.push(comparison, '');
    // Said once: an explanation that only repeats the headline (an error's message) is left out.
    if (diagnosis.explanation && diagnosis.explanation !== diagnosis.headline)
        lines.push(`> ${names.prose(diagnosis.explanation)}`, '');
    lines.push(...dryRunSection(context, names));
    lines.push(...fixSection(diagnosis));
    lines.push(...driftSection(diagnosis, names));
    lines.push(...list('Evidence', diagnosis.evidence, names));
    // Passed checks are there to trust the conclusion, not to read first.
    lines.push(...list('Checks passed', diagnosis.ruledOut, names, false));
    lines.push(...list('Could not tell', diagnosis.openQuestions, names));
    lines.push(...otherKeys(diagnosis, names));
    for (const section of context.sections ?? [])
        if (section)
            lines.push(section, '');
    if (context.outcome)
        lines.push(...keyTable(context.outcome, context));
    lines.push(...timelineSection(diagnosis, context, names));
    if (context.runUrl)
        lines.push(`[Workflow run](${context.runUrl})`, '');
    return lines.join('\n');
}
/** The pull request comment: verdict, cause, fix, keys, milestones and the way to the job summary. */
function markdown_renderComment(diagnosis, context) {
    const names = new Names(context.outcome, diagnosis);
    const lines = firstScreen(diagnosis, context, names);
    lines.push(...dryRunSection(context, names));
    lines.push(...fixSection(diagnosis, true));
    lines.push(...driftSection(diagnosis, names, false));
    for (const section of context.sections ?? [])
        if (section)
            lines.push(section, '');
    if (context.outcome)
        lines.push(...keyTable(context.outcome, context, true));
    lines.push(...commentTimeline(diagnosis, context));
    lines.push(context.runUrl
        ? `The evidence, the checks and the full timeline are in the [job summary of this run](${context.runUrl}).`
        : 'The evidence, the checks and the full timeline are in the job summary of this run.', '');
    return lines.join('\n');
}

// EXTERNAL MODULE: ./src/report/run-url.ts
var run_url = __webpack_require__(7751);
// EXTERNAL MODULE: ./src/verdict/decide.ts + 1 modules
var decide = __webpack_require__(7586);
;// CONCATENATED MODULE: ./src/run-report.ts
/**
 * A run's verdict at the edge: the outputs, the log, the timeline file and the report. The main
 * step publishes through it, and so does the post step when the main step was stopped before it
 * reported.
 */





/** A run's outputs, its timeline file and its report, at the edge. */
async function publish(edge, config, diagnosis, timeline, path, outcome, sections = []) {
    timeline.autosave(path, {
        mode: config.mode,
        cluster: config.clusterName,
        region: config.region,
        result: diagnosis.result,
        rootCause: diagnosis.rootCause ?? null,
        failureCode: diagnosis.failureCode ?? null,
        phases: phases(timeline.sorted(), diagnosis).map(p => ({
            ...p,
            seconds: (Date.parse(p.end) - Date.parse(p.start)) / 1000
        }))
    });
    edge.setOutput('result', diagnosis.result);
    edge.setOutput('root-cause', diagnosis.rootCause ?? '');
    edge.setOutput('failure-code', diagnosis.failureCode ?? '');
    edge.setOutput('policy-changed', String(outcome?.policyChanged ?? false));
    edge.setOutput('detected-after-seconds', diagnosis.detectedAfterSeconds === undefined ? '' : String(diagnosis.detectedAfterSeconds));
    edge.setOutput('timeline-file', path);
    if (outcome && config.mode !== 'check') {
        const selfManaged = outcome.nodegroups.filter(n => n.selfManaged).length;
        edge.setOutput('nodegroups-checked', String(outcome.nodegroups.length - selfManaged));
        edge.setOutput('asgs-checked', String(selfManaged));
        edge.setOutput('launchers-checked', String((outcome.launchers ?? []).filter(l => l.keyIds.length > 0).length));
    }
    const context = {
        mode: config.mode,
        clusterName: config.clusterName,
        region: config.region,
        runUrl: (0,run_url/* runUrl */.V)(),
        events: timeline.sorted(),
        outcome,
        sections,
        dryRun: config.dryRun && config.mode === 'deploy'
    };
    await edge.report(markdown_renderReport(diagnosis, context), config, markdown_renderComment(diagnosis, context));
}
/** The diagnosis in the log: the headline, then a group per part of the evidence and the fix. */
function logDiagnosis(edge, diagnosis) {
    if (diagnosis.result === 'success') {
        edge.info(diagnosis.headline);
        return;
    }
    const firstFix = diagnosis.fix?.summary ? ` Fix: ${diagnosis.fix.summary}` : '';
    edge.error(`${diagnosis.rootCause ? `[${diagnosis.rootCause}] ` : ''}${diagnosis.headline}${firstFix}`);
    const groups = [
        ['Evidence', diagnosis.evidence],
        ['Checks passed', diagnosis.ruledOut],
        ['Could not tell', diagnosis.openQuestions],
        ['Fix: key policy statements (JSON)', diagnosis.fix?.json ? [diagnosis.fix.json] : []],
        ['Fix: Terraform', diagnosis.fix?.terraform ? [diagnosis.fix.terraform] : []],
        ['Fix: CloudFormation / CDK', diagnosis.fix?.template ? [diagnosis.fix.template] : []],
        ['Fix: AWS CLI', diagnosis.fix?.cli ? [diagnosis.fix.cli] : []]
    ];
    for (const [title, lines] of groups) {
        if (lines.length === 0)
            continue;
        edge.startGroup(title);
        for (const line of lines)
            edge.info(line);
        edge.endGroup();
    }
    for (const drift of diagnosis.drift)
        edge.warning(drift);
    if (diagnosis.driftFix) {
        edge.startGroup("Drift: the same statements in the key's Terraform configuration");
        edge.info(diagnosis.driftFix);
        edge.endGroup();
    }
}
/**
 * The report of a main step stopped before it reported (a job timeout, a hard cancel), from the
 * timeline it kept on disk: the verdict and the diagnosis come from the same place as every other.
 */
async function publishStopped(edge, config, events, now) {
    const verdict = decideVerdict({
        now,
        startedAt: now,
        clusterName: config.clusterName,
        region: config.region,
        cluster: 'unknown',
        nodegroups: [],
        keys: [],
        keyWorkPending: [],
        propagationGraceMs: config.propagationGraceMs,
        timeoutMs: config.timeoutMs,
        stoppedBeforeReport: true
    });
    const outcome = {
        verdict,
        roleCreated: false,
        keys: [],
        nodegroups: [],
        policyChanged: false,
        watchedFrom: 0
    };
    const diagnosis = diagnose(outcome, config.region);
    const context = {
        mode: config.mode,
        clusterName: config.clusterName,
        region: config.region,
        runUrl: runUrl(),
        events,
        dryRun: config.dryRun && config.mode === 'deploy'
    };
    edge.setOutput('result', diagnosis.result);
    await edge.report(renderReport(diagnosis, context), config, renderComment(diagnosis, context));
}

;// CONCATENATED MODULE: ./src/run-modes.ts
/** A run past its inputs: the chosen mode, then the report. Loaded once the inputs are valid. */










function loggerOf(edge) {
    return {
        info: line => edge.info(line),
        warning: line => edge.warning(line),
        error: line => edge.error(line),
        debug: line => edge.debug(line)
    };
}
function timelinePath() {
    const dir = process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)();
    return (0,external_node_path_.join)(dir, `eks-kms-guard-timeline-${process.env.GITHUB_RUN_ID ?? 'local'}-${process.env.GITHUB_RUN_ATTEMPT ?? '1'}-${process.pid}.json`);
}
/** Terraform needs time to save its state after SIGINT; tests shorten it through the environment. */
function interruptGraceMs() {
    const value = Number(process.env.EKS_KMS_GUARD_INTERRUPT_GRACE_SECONDS);
    return Number.isFinite(value) && value > 0 ? value * 1000 : 60_000;
}
/** The command's output group; closed before the verdict is printed, so it is not hidden inside. */
class CommandGroup {
    edge;
    open = false;
    constructor(edge) {
        this.edge = edge;
    }
    start(title) {
        this.edge.startGroup(title);
        this.open = true;
    }
    close() {
        if (this.open)
            this.edge.endGroup();
        this.open = false;
    }
}
function startCommand(config, timeline, edge, group) {
    if (config.mode !== 'deploy' || !config.command)
        return undefined;
    const command = new DeployCommand({
        command: config.command,
        shown: redactCommand(config.command),
        cwd: config.workingDirectory,
        interruptGraceMs: interruptGraceMs(),
        terminateGraceMs: Math.min(10_000, interruptGraceMs())
    }, {
        line: text => (edge.commandOutput ? edge.commandOutput(text) : edge.info(text)),
        info: text => edge.info(text),
        warning: text => edge.warning(text)
    }, timeline);
    group.start(`Deploy command: ${redactCommand(config.command)} (its output, with the guard's progress)`);
    command.start();
    void command.wait().then(() => group.close());
    return command;
}
/** What the verdict needs to know of the deploy command. */
function commandState(command) {
    return {
        running: command.running,
        exit: command.exit && { code: command.exit.code, signal: command.exit.signal },
        interrupted: command.interrupted
    };
}
/** Runs the configured mode and reports it at the edge. */
async function runMode(edge, config, options) {
    const clock = options.clock ?? systemClock;
    if (config.githubToken)
        edge.setSecret(config.githubToken);
    const timeline = new Timeline(() => clock.now());
    const path = timelinePath();
    timeline.autosave(path, { mode: config.mode, cluster: config.clusterName, region: config.region });
    edge.saveState('timeline-file', path);
    const group = new CommandGroup(edge);
    let command;
    try {
        if (config.mode === 'check') {
            // The Terraform reader (and its WASM parser) loads only for check, the AWS SDK only for the others.
            const { checkMode } = await Promise.all(/* import() */[__webpack_require__.e(51), __webpack_require__.e(686)]).then(__webpack_require__.bind(__webpack_require__, 7686));
            const diagnosis = await checkMode(config, timeline, edge, (d, sections) => publish(edge, config, d, timeline, path, undefined, sections));
            if (diagnosis.result !== 'success')
                edge.setVerdictFailed(diagnosis.couldNotLook);
            return;
        }
        const started = startCommand(config, timeline, edge, group);
        command = started;
        // The watch ends itself at timeout-minutes; this is the backstop for a call that hangs past it.
        const deadline = new AbortController();
        const backstop = setTimeout(() => deadline.abort('timeout'), config.timeoutMs + (0,timeout/* requestTimeoutFor */.S)(config.pollIntervalMs));
        backstop.unref();
        const signal = options.signal
            ? AbortSignal.any([options.signal, deadline.signal])
            : deadline.signal;
        // The AWS SDK is loaded only by the modes that talk to AWS (start-up stays quick for check).
        const { runGuard } = await Promise.all(/* import() */[__webpack_require__.e(873), __webpack_require__.e(327)]).then(__webpack_require__.bind(__webpack_require__, 9327));
        const outcome = await runGuard(config, {
            timeline,
            clock,
            log: loggerOf(edge),
            command: started && (() => commandState(started)),
            signal
        }).finally(() => clearTimeout(backstop));
        timeline.add('action', 'verdict', `${outcome.verdict.result}: ${outcome.verdict.message}`, {
            nodegroup: outcome.verdict.nodegroup
        });
        // A doomed deploy is stopped now; on cancellation the interrupt goes out while we report.
        const stopping = command?.running
            ? command.interrupt(outcome.verdict.cancelled
                ? 'the job was cancelled'
                : `the guard reached a verdict: ${outcome.verdict.result}`)
            : undefined;
        const diagnosis = diagnose_diagnose(outcome, config.region);
        // The command's output group closes first, so the verdict and its fix are not hidden inside.
        group.close();
        logDiagnosis(edge, diagnosis);
        if (!outcome.verdict.cancelled && stopping)
            await stopping;
        await publish(edge, config, diagnosis, timeline, path, outcome);
        edge.saveState('reported', 'true');
        if (stopping)
            await stopping;
        if (diagnosis.result !== 'success')
            edge.setVerdictFailed(diagnosis.couldNotLook);
    }
    catch (error) {
        group.close();
        if (command?.running)
            await command.interrupt(`the guard failed: ${(0,errors/* errorMessage */.gJ)(error)}`);
        edge.setOutput('result', 'failure');
        edge.setFailed((0,errors/* errorMessage */.gJ)(error));
    }
}


/***/ }),

/***/ 6669:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GZ: () => (/* binding */ startedBeforeRun),
/* harmony export */   L4: () => (/* binding */ withConsequences),
/* harmony export */   bS: () => (/* binding */ pendingAddons),
/* harmony export */   bV: () => (/* binding */ addonFailure),
/* harmony export */   gH: () => (/* binding */ addonVersionFinding),
/* harmony export */   kq: () => (/* binding */ updateFailure),
/* harmony export */   sC: () => (/* binding */ DEGRADED_CLEARS),
/* harmony export */   w3: () => (/* binding */ updateNote),
/* harmony export */   yM: () => (/* binding */ nodesInService)
/* harmony export */ });
/* unused harmony exports ADDON_DEGRADED_POLLS, stuckAddons */
/* harmony import */ var _model_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3282);
/**
 * Day-2 rules of the one verdict: node group updates that EKS failed, add-ons that fail on their
 * own, add-ons stuck behind a node group's failure, and add-on versions the cluster's Kubernetes
 * version does not support. Pure: called only by decideVerdict.
 */

/** Polls an add-on may stay DEGRADED with nodes in service before that is its own failure. */
const ADDON_DEGRADED_POLLS = 8;
const DEFAULT_POLL_MS = 15_000;
const DEGRADED_CLEARS = 'DEGRADED is sticky: it clears only after the node group launches an instance successfully. Fix the cause, then let the next scale-out succeed (or set desiredSize to 0 and back); until then EKS refuses updates of the node group ("Nodegroup cannot be updated as it is currently not in Active State").';
/** Instances in service across the watched node groups. */
function nodesInService(o) {
    let count = 0;
    for (const state of o.nodegroups)
        for (const group of state.asgs.values())
            count += (group.Instances ?? []).filter(i => i.LifecycleState === 'InService').length;
    return count;
}
function issueText(addon) {
    const issue = addon.healthIssues[0];
    return issue ? ` (${issue.code}: ${issue.message})` : '';
}
/** Add-ons waiting for nodes: they need nodes and none is in service. */
function stuckAddons(o) {
    if (nodesInService(o) > 0)
        return [];
    return (o.addons ?? []).filter(a => (a.status === 'CREATING' || a.status === 'DEGRADED' || a.status === 'UPDATING') &&
        (_model_index_js__WEBPACK_IMPORTED_MODULE_0__/* .ADDONS_NEEDING_NODES */ .j0.has(a.name) ||
            a.healthIssues.some(i => i.code === 'InsufficientNumberOfReplicas')));
}
/** A node group's verdict, with the add-ons it keeps from becoming ready named as consequences. */
function withConsequences(o, verdict) {
    if (verdict.result !== 'failure' || !verdict.nodegroup)
        return verdict;
    const stuck = stuckAddons(o);
    if (stuck.length === 0)
        return verdict;
    const lines = stuck.map(a => `Add-on ${a.name} is ${a.status}${issueText(a)} because no node is ready: a consequence of node group ${verdict.nodegroup}'s failure, not a cause of its own. It turns ACTIVE once the node group has Ready nodes.`);
    return {
        ...verdict,
        message: `${verdict.message} Add-on${stuck.length > 1 ? 's' : ''} ${stuck.map(a => a.name).join(', ')} ${stuck.length > 1 ? 'wait' : 'waits'} for it (no node is ready).`,
        consequences: [...(verdict.consequences ?? []), ...lines]
    };
}
const UPDATE_ERROR_FIX = {
    NodeCreationFailure: 'New nodes did not join: check the launch template version the update moves to (its AMI, user data, security groups, and the KMS key of its volumes) and the scaling activities of the Auto Scaling group, fix it, and start the update again.',
    PodEvictionFailure: 'Pods could not be drained within 15 minutes (a PodDisruptionBudget): relax the budget, or update again with force.',
    InsufficientFreeAddresses: "The node group's subnets have no free IP addresses: free addresses or add subnets, then update again.",
    AccessDenied: 'The node role or the cluster role lacks a permission EKS needs: restore it, then update again.'
};
/** A watched node group update that EKS ended Failed, when no launch failure explained it. */
function updateFailure(o, state, keyCause) {
    const failed = state.updates.find(u => u.watched && u.status === 'Failed');
    if (!failed)
        return undefined;
    const error = failed.errors[0];
    const key = keyCause();
    const rollback = 'EKS rolls the node group back to its previous version; the old nodes keep running.';
    return {
        result: 'failure',
        decidedAt: o.now,
        rootCause: key?.cause ?? 'nodegroup-update-failed',
        keyId: key?.keyId,
        nodegroup: state.name,
        failureCode: error?.errorCode ?? 'Failed',
        update: failed,
        operation: 'update',
        operationStartedAt: failed.createdAt?.getTime(),
        alreadyFailed: startedBeforeRun(o, failed) ? 'update Failed' : undefined,
        message: `Node group ${state.name}: ${(0,_model_index_js__WEBPACK_IMPORTED_MODULE_0__/* .describeUpdate */ .LX)(failed)} Failed${error ? ` with ${error.errorCode}: ${error.errorMessage}` : ''}. ${rollback}`,
        consequences: [rollback],
        fix: key ? undefined : UPDATE_ERROR_FIX[error?.errorCode ?? '']
    };
}
/** Clock slack between EKS's createdAt and the run's start: a minute, or a poll when shorter. */
function slack(o) {
    return Math.min(60_000, o.pollIntervalMs ?? DEFAULT_POLL_MS);
}
function startedBeforeRun(o, update) {
    return (update?.createdAt?.getTime() ?? o.startedAt) < o.startedAt - slack(o);
}
function duration(ms) {
    return ms < 120_000 ? `${Math.round(ms / 1000)} seconds` : `${Math.round(ms / 60_000)} minutes`;
}
/** How long the update had been running when this run started, as a sentence; '' otherwise. */
function updateNote(o, update) {
    if (!update?.createdAt || !startedBeforeRun(o, update))
        return '';
    return ` ${(0,_model_index_js__WEBPACK_IMPORTED_MODULE_0__/* .describeUpdate */ .LX)(update)} had been in progress for ${duration(o.startedAt - update.createdAt.getTime())} when this run started, failing this way; without a fix EKS ends it Failed with NodeCreationFailure and rolls the node group back.`;
}
function compatibilityFix(addon, kubernetesVersion) {
    const check = addon.compatibility.find(c => c.kubernetesVersion === kubernetesVersion);
    const versions = check?.compatibleVersions ?? [];
    // Without a version EKS marks as the default, the newest listed (DescribeAddonVersions lists newest first).
    const fallback = check?.defaultVersion ?? versions[0];
    const suggestion = check?.defaultVersion ? 'the default' : 'the newest';
    return `Set ${addon.name} to a version that supports Kubernetes ${kubernetesVersion}${fallback ? `: ${suggestion} is ${fallback}` : ''}${versions.length ? ` (compatible: ${versions.slice(0, 5).join(', ')}${versions.length > 5 ? ', …' : ''})` : ' (DescribeAddonVersions lists none)'}. For example: aws eks update-addon --cluster-name <cluster> --addon-name ${addon.name}${fallback ? ` --addon-version ${fallback}` : ''}. One minor version at a time for vpc-cni and kube-proxy.`;
}
/** Pre-flight: an add-on whose version the cluster's (or its target) Kubernetes version does not support. */
function addonVersionFinding(o) {
    for (const addon of o.addons ?? []) {
        const bad = addon.compatibility.find(c => !c.compatible && !c.target) ??
            addon.compatibility.find(c => !c.compatible);
        if (!bad)
            continue;
        return {
            result: 'failure',
            decidedAt: o.now,
            rootCause: 'addon-version-incompatible',
            addon: addon.name,
            failureCode: 'Addon version specified is not supported',
            message: `Add-on ${addon.name} ${addon.version} is not compatible with Kubernetes ${bad.kubernetesVersion}${bad.target ? ', the version the cluster is updating to' : ', the cluster’s version'}.`,
            fix: compatibilityFix(addon, bad.kubernetesVersion)
        };
    }
    return undefined;
}
const ADDON_FIX = {
    ConfigurationConflict: 'Fields the add-on manages were changed outside EKS (kubectl, Helm): create or update it with resolveConflicts OVERWRITE (Terraform: resolve_conflicts_on_create = "OVERWRITE"), or undo the edits.',
    InsufficientNumberOfReplicas: "The add-on's pods do not run: check them (kubectl -n kube-system get pods, describe, logs): a missing IAM role for its service account, a node selector or toleration no node matches, or an image that cannot be pulled.",
    AccessDenied: 'The add-on lacks permissions: give its service account an IAM role (serviceAccountRoleArn or a Pod Identity association) with the policy the add-on needs.',
    AddonPermissionFailure: 'The add-on lacks permissions: give its service account an IAM role (serviceAccountRoleArn or a Pod Identity association) with the policy the add-on needs.',
    AdmissionRequestDenied: 'An admission webhook or policy engine refused the add-on’s objects: allow them, then retry.',
    AddonSubscriptionNeeded: 'Subscribe to the add-on in AWS Marketplace, then create it again.'
};
/** An add-on failing for a reason of its own: CREATE_FAILED, UPDATE_FAILED, or DEGRADED with nodes ready. */
function addonFailure(o) {
    const grace = ADDON_DEGRADED_POLLS * (o.pollIntervalMs ?? DEFAULT_POLL_MS);
    for (const addon of o.addons ?? []) {
        const cause = addon.status === 'CREATE_FAILED'
            ? 'addon-create-failed'
            : addon.status === 'UPDATE_FAILED'
                ? 'addon-update-failed'
                : addon.status === 'DEGRADED' &&
                    addon.degradedWithNodesSince !== undefined &&
                    o.now - addon.degradedWithNodesSince >= grace &&
                    nodesInService(o) > 0
                    ? 'addon-degraded'
                    : undefined;
        if (!cause)
            continue;
        const issue = addon.healthIssues[0];
        return {
            result: 'failure',
            decidedAt: o.now,
            rootCause: cause,
            addon: addon.name,
            addonIssue: issue,
            failureCode: issue?.code ?? addon.status,
            alreadyFailed: addon.firstSeenStatus === addon.status ? addon.status : undefined,
            message: `Add-on ${addon.name}${addon.version ? ` ${addon.version}` : ''} is ${addon.status}${issueText(addon)}${cause === 'addon-degraded' ? ' while nodes are in service' : ''}.`,
            fix: ADDON_FIX[issue?.code ?? '']
        };
    }
    return undefined;
}
/** Add-ons not ACTIVE yet, for "still pending". */
function pendingAddons(o) {
    return (o.addons ?? [])
        .filter(a => a.status === 'CREATING' || a.status === 'UPDATING' || a.status === 'DEGRADED')
        .map(a => `add-on ${a.name} (${a.status})`);
}


/***/ }),

/***/ 7586:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  kl: () => (/* reexport */ nodegroups/* TERMINAL_STATES */.kl),
  AU: () => (/* binding */ decideVerdict)
});

// UNUSED EXPORTS: MISSING_POLLS, keyCause

// EXTERNAL MODULE: ./src/model/index.ts + 8 modules
var model = __webpack_require__(3282);
// EXTERNAL MODULE: ./src/verdict/day2.ts
var day2 = __webpack_require__(6669);
// EXTERNAL MODULE: ./src/verdict/late.ts
var late = __webpack_require__(7313);
// EXTERNAL MODULE: ./src/verdict/nodegroups.ts
var nodegroups = __webpack_require__(7289);
;// CONCATENATED MODULE: ./src/verdict/launchers.ts
/**
 * Karpenter's and EKS Auto Mode's part of the verdict: the first instance EC2 terminated with a
 * KMS state reason fails the run at once, with the cause its launcher's key checks give; a key
 * that would fail the next launch fails a settled run. Pure, like nodegroups.ts beside it.
 */


function keysOf(o, state) {
    return (o.launcherKeys ?? []).filter(k => k.launcher?.launcher === state.launcher);
}
function causeOf(keys) {
    for (const cause of model/* KEY_CAUSE_PRECEDENCE */.LD) {
        const key = keys.find(k => k.assessment.causes.includes(cause));
        if (key)
            return { cause, key };
    }
    return undefined;
}
function principalOf(state) {
    const role = state.launcher === 'karpenter' ? 'the Karpenter controller role' : 'the cluster IAM role';
    return state.roleArn ? `${role} ${state.roleArn}` : role;
}
/** The first launcher instance terminated on a KMS error, unless a fix of this run came after it. */
function launcherFailure(o) {
    for (const state of o.launchers ?? []) {
        const instance = state.firstKmsTermination;
        if (!instance)
            continue;
        if (state.pending && !o.deadlineReached && !o.cancelled)
            return undefined;
        const keys = keysOf(o, state);
        const fixed = keys.find(k => k.patchedAt !== undefined && k.assessment.causes.length === 0);
        // Instances launched before the fix (plus KMS's propagation) are history, not a verdict.
        if (fixed && (instance.launchedAt ?? 0) < (fixed.patchedAt ?? 0) + o.propagationGraceMs)
            continue;
        const found = causeOf(keys);
        const cause = found?.cause ?? model/* LAUNCHER_CAUSES */.e5[state.launcher];
        const keyId = found?.key.id ?? keys.find(k => k.facts.manager === 'CUSTOMER')?.id;
        return (0,nodegroups/* failure */.V2)(o, {
            rootCause: cause,
            failureCode: instance.reasonCode,
            launcher: state.launcher,
            instanceId: instance.instanceId,
            keyId,
            operation: 'scale-out',
            operationStartedAt: instance.launchedAt,
            message: `${model/* LAUNCHER_LABEL */.w$[state.launcher]} launched instance ${instance.instanceId}${instance.nodePool ? ` (node pool ${instance.nodePool})` : ''} as ${principalOf(state)}; EC2 terminated it: ${instance.reasonCode}: ${instance.reasonMessage}.${keyId ? ` Key: ${keyId}.` : " The key is not known: name the NodeClass's key in kms-key-ids to check it."}`
        });
    }
    return undefined;
}
/** A launcher's key that would fail its next launch (verify on a settled cluster predicts it). */
function launcherBrokenKey(o) {
    for (const state of o.launchers ?? []) {
        const found = causeOf(keysOf(o, state));
        if (!found)
            continue;
        return (0,nodegroups/* failure */.V2)(o, {
            rootCause: found.cause,
            keyId: found.key.id,
            launcher: state.launcher,
            message: `Key ${found.key.id} would fail the next launch by ${model/* LAUNCHER_LABEL */.w$[state.launcher]} (as ${principalOf(state)}): ${found.key.assessment.causes.join(', ')}.`
        });
    }
    return undefined;
}
/** The launchers' checks still running. */
function launchersPending(o) {
    return (o.launchers ?? []).some(s => s.pending);
}
/** What a green run says of the launchers: what was checked, and plainly what was not. */
function launchersNote(o) {
    const parts = (o.launchers ?? []).map(state => {
        const label = model/* LAUNCHER_LABEL */.w$[state.launcher];
        if (state.unchecked)
            return ` ${state.unchecked}`;
        const keys = keysOf(o, state).map(k => k.id);
        const sources = state.keySources.map(s => s.detail).join('; ');
        const autoModeCaveat = state.launcher === 'auto-mode' && !state.keySources.some(s => s.source === 'input')
            ? ' A NodeClass that names its own key is not seen by the EKS API: name it in kms-key-ids to check it.'
            : '';
        return ` ${label}: ${keys.length ? `key${keys.length > 1 ? 's' : ''} ${keys.join(', ')} checked for ${principalOf(state)} (${sources})` : `no key found to check for ${principalOf(state)}`}.${autoModeCaveat}`;
    });
    return parts.join('');
}

;// CONCATENATED MODULE: ./src/verdict/decide.ts
/**
 * The one verdict: result, root cause, failure code and message, decided from what the run
 * observed. Every mode's watch loop and the post step ask this function; nothing else decides.
 * Pure: plain data in, plain data out.
 *
 * `decideVerdict` returns undefined while the run should keep watching; once the deadline passed
 * or the run was cancelled it always returns a verdict.
 */







/** Add-ons still on their way: CREATING or UPDATING, or DEGRADED while nodes are in service. */
function addonsPending(o) {
    return (o.addons ?? []).some(a => a.status === 'CREATING' ||
        a.status === 'UPDATING' ||
        (a.status === 'DEGRADED' && (0,day2/* nodesInService */.yM)(o) > 0));
}
function pendingSummary(o) {
    const pending = o.nodegroups
        .filter(s => !(0,model/* isSettled */.Is)(s))
        .map(s => !s.exists
        ? (0,late/* waitingFor */.Fz)(o, s)
        : s.selfManaged
            ? `Auto Scaling group ${s.name} (instances not all in service)`
            : `${s.name} (${s.status})`);
    pending.push(...(0,day2/* pendingAddons */.bS)(o));
    if (pending.length > 0)
        return pending.join(', ');
    if (o.cluster !== 'found')
        return `cluster ${o.clusterName} (not created yet)`;
    return o.nodegroups.length === 0 ? 'no node group appeared' : 'nothing';
}
function formatDuration(ms) {
    return ms < 120_000
        ? `${Math.round(ms / 100) / 10} seconds`
        : `${Math.round(ms / 6000) / 10} minutes`;
}
/** Node groups deleted after they were seen settled (or already DELETING): said, not failed. */
function deletedNote(o) {
    const deleted = (o.deletedNodegroups ?? []).map(n => n.name);
    return deleted.length ? ` Deleted while watched: ${deleted.join(', ')}.` : '';
}
/**
 * Launchers beside the node groups: a green run says what it checked of them, and plainly what
 * not (Auto Mode seen by DescribeCluster but not checked, when its checks did not run).
 */
function autoModeNote(o) {
    const checked = (o.launchers ?? []).some(s => s.launcher === 'auto-mode');
    return (launchersNote(o) +
        (o.autoMode && !checked
            ? ' EKS Auto Mode is enabled: the keys of the nodes it launches were not checked.'
            : ''));
}
/** The green run's list: managed node groups ACTIVE, self-managed groups at their desired size. */
function settledSentence(o) {
    const managed = o.nodegroups.filter(s => !s.selfManaged).map(s => s.name);
    const selfManaged = o.nodegroups.filter(s => s.selfManaged).map(s => (0,model/* launcherLabel */.t0)(s));
    const sentences = [];
    if (managed.length)
        sentences.push(`Every node group is ACTIVE with its instances in service: ${managed.join(', ')}.`);
    if (selfManaged.length)
        sentences.push(`Instances in service as desired in ${selfManaged.join(', ')}.`);
    return sentences.join(' ');
}
function decideVerdict(o) {
    if (o.stoppedBeforeReport) {
        return {
            result: 'timeout',
            cancelled: true,
            message: 'The guard was stopped before it could report (the job was cancelled or timed out); below is what it had seen.',
            decidedAt: o.now
        };
    }
    if (o.error) {
        return (0,nodegroups/* failure */.V2)(o, {
            rootCause: o.error.kind === 'permission'
                ? 'permission-denied'
                : o.error.kind === 'credentials'
                    ? 'aws-credentials-expired'
                    : 'unknown',
            failureCode: o.error.action,
            runError: o.error.kind,
            message: o.error.message
        });
    }
    const seen = (0,nodegroups/* nodegroupFailure */.Im)(o);
    if (seen)
        return (0,day2/* withConsequences */.L4)(o, seen);
    const launched = launcherFailure(o);
    if (launched)
        return launched;
    const addonVersion = (0,day2/* addonVersionFinding */.gH)(o);
    if (addonVersion)
        return addonVersion;
    const addon = (0,day2/* addonFailure */.bV)(o);
    if (addon)
        return addon;
    const command = o.command;
    if (command?.exit && !command.interrupted && command.exit.code !== 0) {
        const code = command.exit.signal
            ? `signal ${command.exit.signal}`
            : `exit code ${command.exit.code}`;
        return (0,nodegroups/* failure */.V2)(o, {
            rootCause: 'command-failed',
            failureCode: code,
            message: `The deploy command failed on its own (${code}).`
        });
    }
    const commandRunning = command?.running === true;
    if (o.cluster === 'missing' && !commandRunning) {
        return (0,nodegroups/* failure */.V2)(o, {
            rootCause: 'cluster-not-found',
            failureCode: 'ResourceNotFoundException',
            message: `Cluster ${o.clusterName} was not found in ${o.region}.`
        });
    }
    const misspelt = (0,late/* misspeltNodegroup */.rB)(o);
    if (misspelt)
        return misspelt;
    const vanished = (0,late/* vanishedNodegroup */._J)(o);
    if (vanished)
        return vanished;
    const keysSettled = o.keyWorkPending.length === 0 && !launchersPending(o);
    const allSettled = o.cluster === 'found' && o.nodegroups.every(model/* isSettled */.Is) && !addonsPending(o);
    if (!commandRunning && keysSettled && allSettled) {
        const broken = (0,nodegroups/* brokenKey */.LK)(o) ?? launcherBrokenKey(o);
        if (broken)
            return broken;
        return {
            result: 'success',
            message: o.nodegroups.length === 0
                ? `Cluster ${o.clusterName} has no node groups or self-managed Auto Scaling groups to watch.${deletedNote(o)}${autoModeNote(o)}`
                : `${settledSentence(o)}${deletedNote(o)}${autoModeNote(o)}`,
            decidedAt: o.now
        };
    }
    if (o.cancelled) {
        return {
            result: 'timeout',
            cancelled: true,
            message: `Cancelled while watching; still pending: ${pendingSummary(o)}.`,
            decidedAt: o.now
        };
    }
    if (o.deadlineReached) {
        // Whatever the keys already show is a better answer than "timeout".
        const broken = keysSettled ? ((0,nodegroups/* brokenKey */.LK)(o) ?? launcherBrokenKey(o)) : undefined;
        if (broken)
            return broken;
        // Nothing but named node groups that never appeared: they do not exist, say what does.
        const elsePending = commandRunning ||
            !keysSettled ||
            addonsPending(o) ||
            o.nodegroups.some(s => s.exists && !(0,model/* isSettled */.Is)(s));
        const neverAppeared = (0,late/* nodegroupNeverAppeared */.wC)(o, elsePending);
        if (neverAppeared)
            return neverAppeared;
        const missingNamed = o.nodegroups.some(s => s.named && !s.exists);
        return {
            result: 'timeout',
            rootCause: o.cluster === 'missing'
                ? 'cluster-not-found'
                : missingNamed
                    ? 'nodegroup-not-found'
                    : undefined,
            message: `No verdict after ${formatDuration(o.timeoutMs)}; still pending: ${pendingSummary(o)}.`,
            decidedAt: o.now
        };
    }
    return undefined;
}


/***/ }),

/***/ 269:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   YD: () => (/* binding */ keysOf),
/* harmony export */   ad: () => (/* binding */ operationStart),
/* harmony export */   fw: () => (/* binding */ transientRuns),
/* harmony export */   l: () => (/* binding */ decidingFailures),
/* harmony export */   on: () => (/* binding */ kmsFatalFrom)
/* harmony export */ });
/* unused harmony export historyReason */
/* harmony import */ var _model_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3282);
/**
 * Which failed launches may decide the verdict, and which are history: they happened before the
 * operation being watched, or before a key fix (this run's, or one made just before it) could
 * have propagated. Pure.
 */

/** A minute of slack between EKS's clock for the operation and Auto Scaling's for its launches. */
const OPERATION_SLACK_MS = 60_000;
function keysOf(keys, nodegroup) {
    return keys.filter(k => !nodegroup || k.uses.some(u => u.nodegroup === nodegroup));
}
/**
 * The time from which a KMS launch failure of this node group is fatal: this run's fix plus the
 * propagation grace; or, when every key check passes, the run's start plus the grace (a fix made
 * just before the run may still be propagating). Undefined: fatal whenever it happened.
 */
function kmsFatalFrom(observation, nodegroup) {
    const records = keysOf(observation.keys, nodegroup);
    const fixedAt = records.map(r => r.patchedAt).filter((t) => t !== undefined);
    if (fixedAt.length > 0)
        return Math.max(...fixedAt) + observation.propagationGraceMs;
    // A key that could not be read (a shared AMI's snapshot key) explains KMS failures as well as a
    // fix still propagating would: no reason to wait.
    if (records.length > 0 &&
        !observation.unreadableImages?.length &&
        records.every(r => r.assessment.causes.length === 0 && r.assessment.openQuestions.length === 0)) {
        return observation.startedAt + observation.propagationGraceMs;
    }
    return undefined;
}
function keyProblemKnown(observation, nodegroup) {
    return keysOf(observation.keys, nodegroup).some(r => r.assessment.causes.length > 0);
}
/**
 * When the node group operation being watched started: its creation, the update in progress (an
 * update is watched like a creation, from its createdAt), else this run's start (a scale-out).
 */
function operationStart(observation, state) {
    const creating = state.status === 'CREATING' || state.status === 'CREATE_FAILED';
    if (creating && state.createdAt)
        return { at: state.createdAt.getTime(), operation: 'creation' };
    const update = (0,_model_index_js__WEBPACK_IMPORTED_MODULE_0__/* .activeUpdate */ .uX)(state) ?? state.updates.findLast(u => u.watched);
    if (update?.createdAt)
        return { at: update.createdAt.getTime(), operation: 'update' };
    return { at: observation.startedAt, operation: 'scale-out' };
}
/** Why a failed activity does not decide the verdict; undefined when it may. */
function historyReason(observation, state, record) {
    const start = record.start.getTime();
    const operationStartAt = operationStart(observation, state).at;
    if (start < operationStartAt - OPERATION_SLACK_MS)
        return 'started before the node group operation being watched';
    if (record.pattern?.rootCause === 'key-check') {
        const from = kmsFatalFrom(observation, state.name);
        if (from !== undefined && start < from)
            return 'started before this run’s key policy patch had propagated';
        if (start < observation.startedAt && !keyProblemKnown(observation, state.name))
            return 'started before this run, and the key now passes every check (fixed since?)';
    }
    return undefined;
}
/** Failed activities that may decide the verdict, oldest first. */
function decidingFailures(observation, state) {
    return [...state.activities.values()]
        .filter(a => a.end && a.pattern && _model_index_js__WEBPACK_IMPORTED_MODULE_0__/* .FAILED_ACTIVITY */ .Kk.has(a.statusCode))
        .filter(a => historyReason(observation, state, a) === undefined)
        .sort((a, b) => a.start.getTime() - b.start.getTime());
}
/**
 * The longest current run of transient failures of one pattern per Auto Scaling group: failures
 * in a row with no successful launch between them.
 */
function transientRuns(observation, state) {
    const runs = new Map();
    const ended = [...state.activities.values()]
        .filter(a => a.end)
        .sort((a, b) => a.start.getTime() - b.start.getTime());
    for (const activity of ended) {
        if (activity.statusCode === 'Successful') {
            runs.delete(activity.asg);
            continue;
        }
        if (activity.pattern?.kind !== 'transient')
            continue;
        if (historyReason(observation, state, activity))
            continue;
        const run = runs.get(activity.asg);
        runs.set(activity.asg, run && run.last.pattern?.id === activity.pattern.id
            ? { last: activity, count: run.count + 1 }
            : { last: activity, count: 1 });
    }
    return [...runs].map(([asg, run]) => ({ asg, ...run }));
}


/***/ }),

/***/ 7313:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Fz: () => (/* binding */ waitingFor),
/* harmony export */   _J: () => (/* binding */ vanishedNodegroup),
/* harmony export */   rB: () => (/* binding */ misspeltNodegroup),
/* harmony export */   wC: () => (/* binding */ nodegroupNeverAppeared)
/* harmony export */ });
/* unused harmony exports MISSING_POLLS, deploymentUnderWay, editDistance, likelyMeant */
/* harmony import */ var _nodegroups_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7289);

/** How many polls a named node group may be missing from an ACTIVE cluster before it is a verdict. */
const MISSING_POLLS = 2;
/**
 * The first sign that a deployment is under way: the deploy command running; the cluster
 * CREATING or UPDATING, or created or updated within the run's timeout before the run started;
 * a node group or an add-on being created.
 */
function deploymentUnderWay(o) {
    if (o.command?.running)
        return { reason: 'the deploy command is running' };
    const status = o.clusterVersion?.status;
    if (status === 'CREATING' || status === 'UPDATING')
        return { reason: `cluster ${o.clusterName} is ${status}` };
    // The window is fixed at the run's start, so the rule cannot change its mind mid-run.
    const recent = (at) => at !== undefined && o.startedAt - at < o.timeoutMs;
    if (recent(o.clusterCreatedAt))
        return {
            reason: `cluster ${o.clusterName} was created at ${new Date(o.clusterCreatedAt).toISOString()}`,
            since: o.clusterCreatedAt
        };
    const update = o.clusterVersion?.update;
    const updated = update?.createdAt?.getTime() ?? o.clusterUpdatedAt;
    if (update?.status === 'InProgress')
        return { reason: `cluster ${o.clusterName} is being updated`, since: updated };
    if (recent(updated))
        return {
            reason: `cluster ${o.clusterName} was updated at ${new Date(updated).toISOString()}`,
            since: updated
        };
    const creating = o.nodegroups.find(n => n.exists && n.status === 'CREATING');
    if (creating)
        return {
            reason: `node group ${creating.name} is being created`,
            since: creating.createdAt?.getTime()
        };
    const addon = (o.addons ?? []).find(a => a.status === 'CREATING');
    if (addon)
        return { reason: `add-on ${addon.name} is being created`, since: addon.createdAt?.getTime() };
    return undefined;
}
/** Edits (insert, delete, substitute, swap two neighbours) between a and b, case-insensitive. */
function editDistance(a, b) {
    const s = a.toLowerCase();
    const t = b.toLowerCase();
    const d = Array.from({ length: s.length + 1 }, (_, i) => Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= s.length; i++) {
        for (let j = 1; j <= t.length; j++) {
            const cost = s[i - 1] === t[j - 1] ? 0 : 1;
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1])
                d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[s.length][t.length];
}
/**
 * The existing node group the name most likely misspells: one or two edits away (one if short).
 * EKS and Auto Scaling compare names exactly, so one that differs only in case is the likeliest of all.
 */
function likelyMeant(name, existing) {
    const allowed = name.length <= 4 ? 1 : 2;
    let best;
    for (const candidate of existing) {
        const distance = editDistance(name, candidate);
        if (candidate !== name && distance <= allowed && (!best || distance < best.distance))
            best = { name: candidate, distance };
    }
    return best?.name;
}
function missingNamed(o) {
    return o.nodegroups.filter(n => n.named && !n.exists);
}
/** What a missing name is compared with: node groups, or the cluster's self-managed groups. */
function existingOf(o, state) {
    return (state.selfManaged ? o.existingAsgs : o.existingNodegroups) ?? [];
}
/** "a, b" or "no node groups" (or, for a self-managed group, the self-managed groups). */
function existingList(o, state) {
    const existing = existingOf(o, state);
    if (existing.length)
        return existing.join(', ');
    return state.selfManaged ? 'no self-managed Auto Scaling groups' : 'no node groups';
}
/** "Node group" or "Auto Scaling group": how a sentence about the state starts. */
function noun(state) {
    return state.selfManaged ? 'Auto Scaling group' : 'Node group';
}
/** "Node group a, b" or "Auto Scaling group c": the missing names under their launcher's noun. */
function missingNames(states) {
    return `${noun(states[0])} ${states.map(n => n.name).join(', ')}`;
}
/**
 * Before the deadline: a named node group missing for two polls with nothing under way, whose name
 * is a near miss of one that exists, fails at once ("did you mean …"). Anything else waits.
 */
function misspeltNodegroup(o) {
    if (o.cluster !== 'found' || deploymentUnderWay(o))
        return undefined;
    const misspelt = missingNamed(o)
        .filter(n => (n.missingPolls ?? 0) >= MISSING_POLLS)
        .map(n => ({ state: n, name: n.name, meant: likelyMeant(n.name, existingOf(o, n)) }))
        .filter(m => m.meant !== undefined);
    if (misspelt.length === 0)
        return undefined;
    // One launcher kind a verdict: the first misspelt name's.
    const first = misspelt[0].state;
    const same = misspelt.filter(m => !m.state.selfManaged === !first.selfManaged);
    return (0,_nodegroups_js__WEBPACK_IMPORTED_MODULE_0__/* .failure */ .V2)(o, {
        rootCause: 'nodegroup-not-found',
        nodegroup: first.name,
        candidates: existingOf(o, first),
        message: `${noun(first)} ${same.map(m => `${m.name} does not exist in cluster ${o.clusterName} (did you mean ${m.meant}?)`).join('; ')}; it has ${existingList(o, first)}.`
    });
}
/**
 * At the deadline, on a cluster that exists and with nothing else pending: the named node groups
 * that never appeared, with what exists and since when the run waited for them.
 */
function nodegroupNeverAppeared(o, elsePending) {
    const allMissing = missingNamed(o);
    if (o.cluster !== 'found' || allMissing.length === 0 || elsePending)
        return undefined;
    // One launcher kind a verdict: the first missing name's.
    const missing = allMissing.filter(n => !n.selfManaged === !allMissing[0].selfManaged);
    const existing = existingOf(o, missing[0]);
    const since = missing
        .map(n => n.missingSince)
        .filter((t) => t !== undefined)
        .reduce((min, t) => Math.min(min, t), Number.POSITIVE_INFINITY);
    const hints = missing
        .map(n => ({ name: n.name, meant: likelyMeant(n.name, existing) }))
        .filter(h => h.meant)
        .map(h => ` (${h.name}: did you mean ${h.meant}?)`)
        .join('');
    return (0,_nodegroups_js__WEBPACK_IMPORTED_MODULE_0__/* .failure */ .V2)(o, {
        rootCause: 'nodegroup-not-found',
        nodegroup: missing[0].name,
        candidates: existing,
        message: `${missingNames(missing)}${hints} did not appear in cluster ${o.clusterName}${Number.isFinite(since) ? ` (waited for since ${new Date(since).toISOString()})` : ''}; it has ${existingList(o, missing[0])}.`
    });
}
/**
 * A node group found by listing that disappeared while watched. Its deletion is no news when the
 * run saw it settled (ACTIVE with its instances in service: its launches were seen to work) or it
 * was already DELETING when first seen (a replacement's old group). Otherwise the outcome it was
 * watched for was never seen: the run fails, naming it, rather than end green on the others.
 */
function vanishedNodegroup(o) {
    const vanished = (o.deletedNodegroups ?? []).find(n => n.settledAt === undefined && n.firstSeenStatus !== 'DELETING');
    if (!vanished)
        return undefined;
    return (0,_nodegroups_js__WEBPACK_IMPORTED_MODULE_0__/* .failure */ .V2)(o, {
        rootCause: 'nodegroup-not-found',
        failureCode: 'ResourceNotFoundException',
        nodegroup: vanished.name,
        message: `${missingNames([vanished])} was deleted while this run watched it (last seen ${vanished.status ?? 'not yet described'}${vanished.deletedAt !== undefined ? `, gone at ${new Date(vanished.deletedAt).toISOString()}` : ''}): it never became ACTIVE with its instances in service, so whether its nodes can launch with their keys was never seen.`
    });
}
/** "x (not created yet; waiting since … while …)" for the pending summary and the progress line. */
function waitingFor(o, state) {
    const underWay = o.cluster === 'found' ? deploymentUnderWay(o) : undefined;
    const since = state.missingSince !== undefined ? ` since ${new Date(state.missingSince).toISOString()}` : '';
    return `${state.name} (not created yet; waited for${since}${underWay ? ` while ${underWay.reason}` : ''})`;
}


/***/ }),

/***/ 7289:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Im: () => (/* binding */ nodegroupFailure),
/* harmony export */   LK: () => (/* binding */ brokenKey),
/* harmony export */   V2: () => (/* binding */ failure),
/* harmony export */   kl: () => (/* binding */ TERMINAL_STATES)
/* harmony export */ });
/* unused harmony export keyCause */
/* harmony import */ var _model_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3282);
/* harmony import */ var _day2_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6669);
/* harmony import */ var _history_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(269);





/** Terminal node group states: EKS will not retry them. */
const TERMINAL_STATES = new Set(['CREATE_FAILED', 'DELETE_FAILED']);
/** The key cause that explains a KMS failure, by precedence, among the given keys. */
function keyCause(keys) {
    for (const cause of _model_index_js__WEBPACK_IMPORTED_MODULE_0__/* .KEY_CAUSE_PRECEDENCE */ .LD) {
        const key = keys.find(k => k.assessment.causes.includes(cause));
        if (key)
            return { cause, key };
    }
    return undefined;
}
/** A KMS launch failure's cause: the key checks decide which one. */
function kmsCause(o, nodegroup) {
    const keys = (0,_history_js__WEBPACK_IMPORTED_MODULE_2__/* .keysOf */ .YD)(o.keys, nodegroup);
    const found = keyCause(keys);
    if (found)
        return { cause: found.cause, keyId: found.key.id };
    // Another account's key whose grants the owner's policy hides: the failed launches are the
    // evidence that the role has no usable grant (or that the owner's policy denies it).
    const foreign = keys.find(k => k.assessment.crossAccount && k.facts.grantsUnknown);
    if (foreign)
        return { cause: 'kms-key-cross-account', keyId: foreign.id };
    // The key was fixed in this run and launches still fail after the grace: the grant is what
    // was missing, and something else (propagation, an SCP, a boundary) still blocks the role.
    const fixed = keys.find(k => k.patchedAt !== undefined);
    if (fixed)
        return {
            cause: fixed.assessment.crossAccount
                ? 'kms-key-cross-account'
                : 'kms-policy-missing-autoscaling-role',
            keyId: fixed.id
        };
    // The operation failed on the key and is over (CREATE_FAILED, an update Failed), but the key
    // is usable now (fixed since): what is left is the failed node group or update itself.
    const state = o.nodegroups.find(n => n.name === nodegroup);
    const usable = keys.find(k => k.facts.found && k.assessment.causes.length === 0);
    if (usable && state && TERMINAL_STATES.has(state.status ?? ''))
        return { cause: 'nodegroup-create-failed', keyId: usable.id };
    if (usable && state?.updates.some(u => u.watched && u.status === 'Failed'))
        return { cause: 'nodegroup-update-failed', keyId: usable.id };
    return { cause: 'unknown' };
}
function failure(o, fields) {
    const selfManaged = o.nodegroups.some(n => n.name === fields.nodegroup && n.selfManaged);
    return { result: 'failure', decidedAt: o.now, ...fields, ...(selfManaged ? { selfManaged } : {}) };
}
function launchFailure(o, state, record, note) {
    const pattern = record.pattern;
    const { cause, keyId } = pattern.rootCause === 'key-check'
        ? kmsCause(o, state.name)
        : { cause: pattern.rootCause, keyId: undefined };
    // No key check explains it, but a key could not be read at all: say which.
    const image = cause === 'unknown' ? o.unreadableImages?.[0] : undefined;
    if (image)
        note = `AMI ${image.imageId}${image.owner ? ` of account ${image.owner}` : ''} has encrypted snapshots whose key this account cannot read; that key is the likely cause${note ? `; ${note}` : ''}`;
    const operation = (0,_history_js__WEBPACK_IMPORTED_MODULE_2__/* .operationStart */ .ad)(o, state);
    const update = operation.operation === 'update'
        ? ((0,_model_index_js__WEBPACK_IMPORTED_MODULE_0__/* .activeUpdate */ .uX)(state) ?? state.updates.findLast(u => u.watched))
        : undefined;
    const during = update ? ` during ${(0,_model_index_js__WEBPACK_IMPORTED_MODULE_0__/* .describeUpdate */ .LX)(update)}` : '';
    return failure(o, {
        rootCause: cause,
        failureCode: record.code,
        nodegroup: state.name,
        activity: record,
        keyId,
        operation: operation.operation,
        operationStartedAt: operation.at,
        update,
        // An update failing since before the run: this run did not see it start failing.
        // Already terminal when first seen, or an update failing since before the run: this run did
        // not see the failure start.
        alreadyFailed: TERMINAL_STATES.has(state.status ?? '') && state.firstSeenStatus === state.status
            ? state.status
            : update && (0,_day2_js__WEBPACK_IMPORTED_MODULE_1__/* .startedBeforeRun */ .GZ)(o, update)
                ? `${update.type ?? 'update'} failing`
                : undefined,
        message: `${(0,_model_index_js__WEBPACK_IMPORTED_MODULE_0__/* .capitalised */ .Iu)((0,_model_index_js__WEBPACK_IMPORTED_MODULE_0__/* .launcherLabel */ .t0)(state))}: launch ${record.statusCode.toLowerCase()}${during} at ${record.start.toISOString()}: ${record.statusMessage || record.description}${note ? ` (${note})` : ''}.${(0,_day2_js__WEBPACK_IMPORTED_MODULE_1__/* .updateNote */ .w3)(o, update)}`
    });
}
function healthFailure(o, state) {
    const terminal = TERMINAL_STATES.has(state.status ?? '');
    const alreadyFailed = terminal && state.firstSeenStatus === state.status ? state.status : undefined;
    const issue = state.healthIssues[0];
    if (!issue) {
        if (!terminal)
            return undefined;
        if (o.keyWorkPending.includes(state.name) && !o.deadlineReached && !o.cancelled)
            return undefined;
        const key = keyCause((0,_history_js__WEBPACK_IMPORTED_MODULE_2__/* .keysOf */ .YD)(o.keys, state.name));
        return failure(o, {
            rootCause: key?.cause ?? 'nodegroup-create-failed',
            keyId: key?.key.id,
            nodegroup: state.name,
            failureCode: state.status,
            alreadyFailed,
            message: `Node group ${state.name} is ${state.status}.`
        });
    }
    const classification = (0,_model_index_js__WEBPACK_IMPORTED_MODULE_0__/* .classifyMessage */ .Q4)(issue.message ?? '');
    const kms = classification?.pattern.rootCause === 'key-check';
    // A degraded group whose KMS problem was just fixed recovers on its next launch: wait out the grace.
    const fatalFrom = (0,_history_js__WEBPACK_IMPORTED_MODULE_2__/* .kmsFatalFrom */ .on)(o, state.name);
    if (kms && !terminal && fatalFrom !== undefined && o.now < fatalFrom)
        return undefined;
    // Which KMS cause it is depends on the key checks still running, terminal or not: a node group
    // already CREATE_FAILED is explained by its key, not by "unknown".
    if (kms && o.keyWorkPending.includes(state.name) && !o.deadlineReached && !o.cancelled)
        return undefined;
    const { cause, keyId } = kms
        ? kmsCause(o, state.name)
        : {
            cause: classification?.pattern.rootCause ??
                _model_index_js__WEBPACK_IMPORTED_MODULE_0__/* .HEALTH_ISSUE_CAUSES */ ._K[issue.code ?? ''] ??
                'nodegroup-create-failed',
            keyId: undefined
        };
    return failure(o, {
        rootCause: cause,
        keyId,
        nodegroup: state.name,
        failureCode: classification?.code ?? issue.code,
        healthIssue: issue,
        alreadyFailed,
        consequences: state.status === 'DEGRADED' ? [_day2_js__WEBPACK_IMPORTED_MODULE_1__/* .DEGRADED_CLEARS */ .sC] : undefined,
        message: `Node group ${state.name} is ${state.status}: ${issue.code}: ${issue.message}${state.status === 'DEGRADED' ? ` ${_day2_js__WEBPACK_IMPORTED_MODULE_1__/* .DEGRADED_CLEARS */ .sC}` : ''}`
    });
}
/** The first failure the node groups show, in the order AWS recorded them. */
function nodegroupFailure(o) {
    for (const state of o.nodegroups) {
        const pending = o.keyWorkPending.includes(state.name);
        for (const record of (0,_history_js__WEBPACK_IMPORTED_MODULE_2__/* .decidingFailures */ .l)(o, state)) {
            if (record.pattern.kind !== 'fatal')
                continue;
            // Which KMS cause it is depends on the key checks still running — unless a check already
            // names the cause and the running work cannot change it (it writes nothing): then decide.
            const known = keyCause((0,_history_js__WEBPACK_IMPORTED_MODULE_2__/* .keysOf */ .YD)(o.keys, state.name));
            if (record.pattern.rootCause === 'key-check' && pending && (o.keyWorkMayWrite || !known))
                return undefined;
            return launchFailure(o, state, record);
        }
        for (const run of (0,_history_js__WEBPACK_IMPORTED_MODULE_2__/* .transientRuns */ .fw)(o, state)) {
            if (run.count >= (run.last.pattern.threshold ?? Infinity))
                return launchFailure(o, state, run.last, `${run.count} launches in a row failed this way`);
        }
        // The update's own end, when no launch failure explained it (its error has no KMS code).
        if (!pending) {
            const updateVerdict = (0,_day2_js__WEBPACK_IMPORTED_MODULE_1__/* .updateFailure */ .kq)(o, state, () => {
                const found = keyCause((0,_history_js__WEBPACK_IMPORTED_MODULE_2__/* .keysOf */ .YD)(o.keys, state.name));
                return found && { cause: found.cause, keyId: found.key.id };
            });
            if (updateVerdict)
                return updateVerdict;
        }
        if (TERMINAL_STATES.has(state.status ?? '') ||
            state.status === 'DEGRADED' ||
            (state.status === 'ACTIVE' && state.healthIssues.length > 0)) {
            const verdict = healthFailure(o, state);
            if (verdict)
                return verdict;
        }
    }
    return undefined;
}
/** A key the watched node groups (or the kms-key-ids input) use that would fail the next launch. */
function brokenKey(o) {
    const watched = new Set(o.nodegroups.map(n => n.name));
    // On a cluster whose only nodes come from Karpenter or Auto Mode, kms-key-ids names their keys:
    // the Auto Scaling role's view of them is no prediction of any launch.
    const inputForAutoScaling = o.nodegroups.length > 0 || !o.launchers?.length;
    const broken = o.keys.find(k => k.assessment.causes.length > 0 &&
        k.uses.some(u => watched.has(u.nodegroup) || (u.source === 'input' && inputForAutoScaling)));
    if (!broken)
        return undefined;
    const cause = keyCause([broken]).cause;
    const nodegroup = broken.uses.find(u => watched.has(u.nodegroup))?.nodegroup;
    return failure(o, {
        rootCause: cause,
        keyId: broken.id,
        nodegroup,
        message: `Key ${broken.id} would fail the next launch${nodegroup ? ` of ${(0,_model_index_js__WEBPACK_IMPORTED_MODULE_0__/* .launcherLabelOf */ .qw)(nodegroup, o.nodegroups)}` : ''}: ${broken.assessment.causes.join(', ')}.`
    });
}


/***/ })

};
