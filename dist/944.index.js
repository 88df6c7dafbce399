export const id = 944;
export const ids = [944];
export const modules = {

/***/ 944:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runGuard: () => (/* binding */ runGuard)
});

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-auto-scaling/dist-cjs/index.js
var dist_cjs = __webpack_require__(8932);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ec2/dist-cjs/index.js
var client_ec2_dist_cjs = __webpack_require__(5193);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-eks/dist-cjs/index.js
var client_eks_dist_cjs = __webpack_require__(4524);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-iam/dist-cjs/index.js
var client_iam_dist_cjs = __webpack_require__(6764);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-kms/dist-cjs/index.js
var client_kms_dist_cjs = __webpack_require__(2632);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-sts/dist-cjs/index.js
var client_sts_dist_cjs = __webpack_require__(1695);
;// CONCATENATED MODULE: ./src/aws/clients.ts






const USER_AGENT = 'eks-kms-guard';
/**
 * On Node < 22 the SDK prints a NodeVersionSupportWarning: its releases after early January 2027
 * will need Node 22. The SDK bundled here supports Node 20, which package.json's `engines` still
 * includes (a unit test fails when an upgraded dependency no longer supports every runtime
 * `engines` admits), so on a supported runtime that notice is noise for the user. The SDK's own
 * switch turns it off; a value the user set is kept.
 */
function quietSdkRuntimeNotice(env = process.env, nodeVersion = process.versions.node) {
    if (Number(nodeVersion.split('.')[0]) >= 20)
        env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}
function createClients(region, options = {}) {
    quietSdkRuntimeNotice();
    const config = {
        region,
        retryMode: 'standard',
        maxAttempts: 6,
        customUserAgent: USER_AGENT,
        // Without throwOnRequestTimeout the SDK only logs a warning and keeps waiting.
        requestHandler: {
            requestTimeout: options.requestTimeoutMs ?? 30_000,
            connectionTimeout: 5_000,
            throwOnRequestTimeout: true
        }
    };
    return {
        kms: new client_kms_dist_cjs/* KMSClient */.pgq(config),
        eks: new client_eks_dist_cjs/* EKSClient */.JQJ(config),
        autoscaling: new dist_cjs/* AutoScalingClient */.yis(config),
        ec2: new client_ec2_dist_cjs/* EC2Client */.gu5(config),
        iam: new client_iam_dist_cjs/* IAMClient */.h8v(config),
        sts: new client_sts_dist_cjs/* STSClient */.iM(config)
    };
}
function destroyClients(clients) {
    for (const client of Object.values(clients))
        client.destroy();
}

// EXTERNAL MODULE: ./src/aws/timeout.ts
var timeout = __webpack_require__(6974);
// EXTERNAL MODULE: ./src/aws/errors.ts
var errors = __webpack_require__(9378);
;// CONCATENATED MODULE: ./src/aws/role.ts
/**
 * The EC2 Auto Scaling service-linked role: its ARN is read, never built from a guessed
 * partition, and it is created (deploy only) when a fresh account has none yet.
 */


const DEFAULT_ROLE_NAME = 'AWSServiceRoleForAutoScaling';
/** The ARN AWS gives the default role; used only for the fix text when the role is missing. */
function expectedRoleArn(partition, account, name = DEFAULT_ROLE_NAME) {
    return `arn:${partition}:iam::${account}:role/aws-service-role/autoscaling.amazonaws.com/${name}`;
}
async function resolveAutoscalingRole(iam, options) {
    if (options.input)
        return { arn: options.input, exists: true, source: 'input' };
    if (options.fromAutoScalingGroup)
        return { arn: options.fromAutoScalingGroup, exists: true, source: 'auto-scaling-group' };
    try {
        const response = await iam.send(new client_iam_dist_cjs/* GetRoleCommand */.kbp({ RoleName: DEFAULT_ROLE_NAME }));
        if (response.Role?.Arn)
            return { arn: response.Role.Arn, exists: true, source: 'iam' };
    }
    catch (error) {
        if ((0,errors/* isNotFound */.c4)(error))
            return {
                arn: expectedRoleArn(options.partition, options.account),
                exists: false,
                source: 'expected'
            };
        if ((0,errors/* isAccessDenied */.w7)(error)) {
            return {
                arn: expectedRoleArn(options.partition, options.account),
                exists: 'unknown',
                source: 'expected',
                note: `iam:GetRole was denied, so the role's ARN is assumed from the caller's partition (${(0,errors/* errorMessage */.gJ)(error)})`
            };
        }
        throw error;
    }
    return {
        arn: expectedRoleArn(options.partition, options.account),
        exists: false,
        source: 'expected'
    };
}
/** Creates the default role; "has been taken" means another writer created it first: fine. */
async function createServiceLinkedRole(iam) {
    try {
        const response = await (0,errors/* call */.T1)('iam:CreateServiceLinkedRole', 'autoscaling.amazonaws.com', () => iam.send(new client_iam_dist_cjs/* CreateServiceLinkedRoleCommand */.A4y({ AWSServiceName: 'autoscaling.amazonaws.com' })));
        return { arn: response.Role?.Arn, created: true };
    }
    catch (error) {
        if (/has been taken/i.test((0,errors/* errorMessage */.gJ)(error)))
            return { created: false };
        throw error;
    }
}

;// CONCATENATED MODULE: ./src/kms/discover.ts


/** Account-level EBS settings, read once per run. */
class EbsDefaultsCache {
    ec2;
    value;
    constructor(ec2) {
        this.ec2 = ec2;
    }
    get() {
        this.value ??= (async () => {
            const byDefault = await (0,errors/* call */.T1)('ec2:GetEbsEncryptionByDefault', undefined, () => this.ec2.send(new client_ec2_dist_cjs/* GetEbsEncryptionByDefaultCommand */.Lgn({})));
            const key = await (0,errors/* call */.T1)('ec2:GetEbsDefaultKmsKeyId', undefined, () => this.ec2.send(new client_ec2_dist_cjs/* GetEbsDefaultKmsKeyIdCommand */.O8S({})));
            return {
                encryptionByDefault: byDefault.EbsEncryptionByDefault === true,
                defaultKeyId: key.KmsKeyId ?? 'alias/aws/ebs'
            };
        })();
        return this.value;
    }
}
/** The launch template an Auto Scaling group launches from, plain or mixed-instances. */
function asgLaunchTemplate(group) {
    const spec = group?.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification ??
        group?.LaunchTemplate;
    if (!spec || (!spec.LaunchTemplateId && !spec.LaunchTemplateName))
        return undefined;
    return { id: spec.LaunchTemplateId, name: spec.LaunchTemplateName, version: spec.Version };
}
async function blockDevices(ec2, ref) {
    const response = await (0,errors/* call */.T1)('ec2:DescribeLaunchTemplateVersions', ref.id ?? ref.name, () => ec2.send(new client_ec2_dist_cjs/* DescribeLaunchTemplateVersionsCommand */.Ptd({
        LaunchTemplateId: ref.id,
        LaunchTemplateName: ref.id ? undefined : ref.name,
        Versions: [ref.version ?? '$Default']
    })));
    return response.LaunchTemplateVersions?.[0]?.LaunchTemplateData?.BlockDeviceMappings ?? [];
}
function describeRef(ref) {
    return `${ref.name ?? ref.id} version ${ref.version ?? '$Default'}`;
}
/** Key uses of one launch template version. */
async function keyUsesOfLaunchTemplate(ec2, nodegroup, ref, defaults) {
    const mappings = await blockDevices(ec2, ref);
    const uses = [];
    const ebsMappings = mappings.filter(m => m.Ebs);
    for (const mapping of ebsMappings) {
        const ebs = mapping.Ebs;
        if (ebs.KmsKeyId) {
            uses.push({
                nodegroup,
                reference: ebs.KmsKeyId,
                source: 'launch-template',
                launchTemplate: ref,
                device: mapping.DeviceName,
                why: `launch template ${describeRef(ref)} encrypts ${mapping.DeviceName ?? 'a device'} with KmsKeyId ${ebs.KmsKeyId}`
            });
            continue;
        }
        const ebsDefaults = await defaults.get();
        if (ebs.Encrypted || ebsDefaults.encryptionByDefault) {
            uses.push({
                nodegroup,
                reference: ebsDefaults.defaultKeyId,
                source: 'ebs-default',
                launchTemplate: ref,
                device: mapping.DeviceName,
                why: `launch template ${describeRef(ref)} ${ebs.Encrypted ? 'encrypts' : 'leaves'} ${mapping.DeviceName ?? 'a device'} ${ebs.Encrypted ? 'without naming a key' : 'unencrypted, but EBS encryption by default is on'}, so the account's default EBS key ${ebsDefaults.defaultKeyId} is used`
            });
        }
    }
    if (ebsMappings.length === 0) {
        // The AMI's own root device mapping applies: encrypted only by the account default.
        const ebsDefaults = await defaults.get();
        if (ebsDefaults.encryptionByDefault) {
            uses.push({
                nodegroup,
                reference: ebsDefaults.defaultKeyId,
                source: 'ebs-default',
                launchTemplate: ref,
                why: `launch template ${describeRef(ref)} sets no block devices and EBS encryption by default is on, so the account's default EBS key ${ebsDefaults.defaultKeyId} is used`
            });
        }
    }
    return uses;
}
/** Every key a node group uses, from its own launch template and its Auto Scaling group's copy. */
async function discoverKeyUses(ec2, nodegroup, templates, defaults) {
    const uses = [];
    const seenTemplates = new Set();
    for (const ref of templates) {
        const id = `${ref.id ?? ref.name}@${ref.version ?? '$Default'}`;
        if (seenTemplates.has(id))
            continue;
        seenTemplates.add(id);
        uses.push(...(await keyUsesOfLaunchTemplate(ec2, nodegroup, ref, defaults)));
    }
    return uses;
}

// EXTERNAL MODULE: ./src/kms/policy.ts
var kms_policy = __webpack_require__(4695);
;// CONCATENATED MODULE: ./src/kms/key.ts
/**
 * A KMS key as the launch sees it: inspection reads it (DescribeKey, GetKeyPolicy, ListGrants);
 * assessment, pure, decides what is wrong with it for the Auto Scaling role and what was ruled out.
 */





const GRANT_MINIMUM = ['Decrypt', 'GenerateDataKeyWithoutPlaintext', 'CreateGrant'];
async function inspectKey(kms, reference, autoscalingRoleArn, callerAccount) {
    const facts = { reference, found: false, grants: [] };
    let metadata;
    try {
        metadata = (await (0,errors/* call */.T1)('kms:DescribeKey', reference, () => kms.send(new client_kms_dist_cjs/* DescribeKeyCommand */.spV({ KeyId: reference })))).KeyMetadata;
    }
    catch (error) {
        if ((0,errors/* isNotFound */.c4)(error))
            return facts;
        throw error;
    }
    if (!metadata)
        return facts;
    Object.assign(facts, {
        found: true,
        arn: metadata.Arn,
        keyId: metadata.KeyId,
        account: metadata.AWSAccountId,
        state: metadata.KeyState,
        manager: metadata.KeyManager,
        spec: metadata.KeySpec ?? metadata.CustomerMasterKeySpec,
        usage: metadata.KeyUsage,
        origin: metadata.Origin,
        description: metadata.Description,
        deletionDate: metadata.DeletionDate?.toISOString()
    });
    if (facts.manager === 'AWS')
        return facts;
    if (facts.account === callerAccount) {
        facts.policyText = await readKeyPolicy(kms, facts.arn);
    }
    facts.grants = await listRoleGrants(kms, facts.arn, autoscalingRoleArn);
    return facts;
}
async function readKeyPolicy(kms, keyArn) {
    const response = await (0,errors/* call */.T1)('kms:GetKeyPolicy', keyArn, () => kms.send(new client_kms_dist_cjs/* GetKeyPolicyCommand */.$r8({ KeyId: keyArn, PolicyName: 'default' })));
    return response.Policy ?? '';
}
/** A grant that lets the Auto Scaling role use the key for EBS (the cross-account fix). */
async function createRoleGrant(kms, keyArn, grantee) {
    await (0,errors/* call */.T1)('kms:CreateGrant', keyArn, () => kms.send(new client_kms_dist_cjs/* CreateGrantCommand */.Y_D({
        KeyId: keyArn,
        GranteePrincipal: grantee,
        Operations: kms_policy/* GRANT_OPERATIONS */.y,
        Name: 'eks-kms-guard-autoscaling-ebs'
    })));
}
async function listRoleGrants(kms, keyArn, grantee) {
    const grants = [];
    let marker;
    try {
        do {
            const page = await (0,errors/* call */.T1)('kms:ListGrants', keyArn, () => kms.send(new client_kms_dist_cjs/* ListGrantsCommand */.F9r({ KeyId: keyArn, GranteePrincipal: grantee, Marker: marker })));
            grants.push(...(page.Grants ?? []).filter(g => g.GranteePrincipal === grantee));
            marker = page.Truncated ? page.NextMarker : undefined;
        } while (marker);
    }
    catch (error) {
        // A missing grant permission only costs us the grant path; the policy check still stands.
        if (!/AccessDenied/i.test((0,errors/* errorMessage */.gJ)(error)))
            throw error;
    }
    return grants;
}
function grantCovers(grants) {
    return grants.some(g => GRANT_MINIMUM.every(op => g.Operations?.includes(op)));
}
function assessKey(facts, context) {
    const assessment = {
        facts,
        causes: [],
        statuses: [],
        orphans: [],
        grantCovers: grantCovers(facts.grants),
        crossAccount: false,
        ruledOut: [],
        openQuestions: []
    };
    const { causes, ruledOut, openQuestions } = assessment;
    if (!facts.found) {
        causes.push('kms-key-not-found');
        return assessment;
    }
    ruledOut.push(`the key exists (${facts.arn})`);
    switch (facts.state) {
        case 'Enabled':
            ruledOut.push('the key is Enabled');
            break;
        case 'PendingDeletion':
        case 'PendingReplicaDeletion':
            causes.push('kms-key-pending-deletion');
            break;
        case 'PendingImport':
            causes.push('kms-key-pending-import');
            break;
        case 'Disabled':
        case 'Unavailable':
            causes.push('kms-key-disabled');
            break;
        default:
            openQuestions.push(`the key is in state ${facts.state}, which KMS may leave shortly`);
    }
    if (facts.spec === 'SYMMETRIC_DEFAULT' && facts.usage === 'ENCRYPT_DECRYPT') {
        ruledOut.push('the key is a symmetric encryption key (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT)');
    }
    else {
        causes.push('kms-key-unusable-spec');
    }
    if (facts.manager === 'AWS') {
        ruledOut.push('the key is AWS managed, which Auto Scaling may use without a policy change');
        return finish(assessment);
    }
    if (context.autoscalingRoleExists === false)
        causes.push('autoscaling-role-missing');
    else if (context.autoscalingRoleExists === true)
        ruledOut.push(`the Auto Scaling service-linked role exists (${context.autoscalingRoleArn})`);
    assessment.crossAccount = facts.account !== context.callerAccount;
    if (assessment.crossAccount) {
        if (assessment.grantCovers)
            ruledOut.push(`a grant lets ${context.autoscalingRoleArn} use the key of account ${facts.account}`);
        else
            causes.push('kms-key-cross-account');
        return finish(assessment);
    }
    ruledOut.push('the key is in this account');
    if (facts.policyText === undefined) {
        openQuestions.push('the key policy could not be read');
        return finish(assessment);
    }
    try {
        assessment.policy = (0,kms_policy/* parseKeyPolicy */.LB)(facts.policyText);
    }
    catch (error) {
        assessment.policyError = error instanceof kms_policy/* PolicyParseError */.y2 ? error.message : String(error);
        openQuestions.push(assessment.policyError);
        return finish(assessment);
    }
    assessment.orphans = (0,kms_policy/* orphanedPrincipals */.Xj)(assessment.policy);
    assessment.statuses = (0,kms_policy/* checkRequirements */.z4)(assessment.policy, facts.arn, (0,kms_policy/* requirements */.Ln)({
        autoscalingRoleArn: context.autoscalingRoleArn,
        region: context.region,
        account: context.callerAccount,
        clusterRoleArn: context.clusterRoleArn
    }));
    for (const status of assessment.statuses) {
        const label = status.requirement.id === 'cluster-secrets' ? 'the cluster role' : 'the Auto Scaling role';
        if (status.status === 'denied')
            causes.push('kms-key-explicit-deny');
        else if (status.status === 'unknown')
            openQuestions.push(`whether the key policy grants ${label} ${status.requirement.id === 'autoscaling-grants' ? 'kms:CreateGrant' : 'key use'}: ${status.reasons.join('; ') || 'a statement this action cannot evaluate'}`);
        else if (status.status === 'missing' && status.requirement.id === 'cluster-secrets') {
            openQuestions.push('the key policy names neither the cluster role nor the account root for secrets encryption');
        }
        else if (status.status === 'missing' && !assessment.grantCovers) {
            causes.push('kms-policy-missing-autoscaling-role');
        }
        else if (status.status === 'missing') {
            ruledOut.push(`a grant lets ${context.autoscalingRoleArn} use the key`);
        }
        else if (status.status === 'granted') {
            ruledOut.push(`the key policy grants ${label} ${status.requirement.id === 'autoscaling-grants' ? 'kms:CreateGrant for AWS resources' : status.requirement.id === 'cluster-secrets' ? 'what secrets encryption needs' : 'Encrypt, Decrypt, ReEncrypt*, GenerateDataKey* and DescribeKey'}`);
        }
    }
    if (assessment.orphans.length > 0)
        causes.push('kms-policy-orphaned-principal');
    else
        ruledOut.push('the key policy holds no orphaned principal ids');
    if (!causes.includes('kms-key-explicit-deny'))
        ruledOut.push('no Deny statement of the key policy blocks the Auto Scaling role');
    return finish(assessment);
}
function finish(assessment) {
    assessment.causes = [...new Set(assessment.causes)];
    return assessment;
}

// EXTERNAL MODULE: ./node_modules/diff/libesm/patch/create.js + 2 modules
var create = __webpack_require__(9672);
;// CONCATENATED MODULE: ./src/kms/patch.ts
/**
 * Writes the missing statements into a key policy, minimally and safely. KMS has no ETag, so a
 * write is last-writer-wins: we re-read just before writing, read back after, and when another
 * writer got in between we merge into what is there now instead of overwriting it.
 */





/** The documented key policy size quota (32 KB); larger policies should use grants. */
const POLICY_SIZE_LIMIT = 32_768;
function policyDiff(keyArn, before, after) {
    return (0,create/* createTwoFilesPatch */.ss)(`${keyArn} (current)`, `${keyArn} (patched)`, before.endsWith('\n') ? before : before + '\n', after + '\n', '', '', { context: 3 });
}
function parse(text) {
    try {
        return (0,kms_policy/* parseKeyPolicy */.LB)(text);
    }
    catch (error) {
        return error instanceof kms_policy/* PolicyParseError */.y2 ? error : new kms_policy/* PolicyParseError */.y2(String(error));
    }
}
async function patchKeyPolicy(kms, keyArn, needed, options) {
    const maxRounds = options.maxRounds ?? 5;
    let concurrentWrites = 0;
    const added = [];
    for (let round = 1; round <= maxRounds; round++) {
        const text = await readKeyPolicy(kms, keyArn);
        const policy = parse(text);
        if (policy instanceof kms_policy/* PolicyParseError */.y2) {
            return {
                status: 'refused',
                added,
                message: `${policy.message} Nothing was written.`,
                rounds: round,
                concurrentWrites,
                refusal: 'not-json'
            };
        }
        const merge = (0,kms_policy/* mergeMissing */.Fi)(policy, (0,kms_policy/* checkRequirements */.z4)(policy, keyArn, needed));
        if (!merge.changed) {
            return added.length > 0
                ? {
                    status: 'written',
                    added,
                    message: `Key policy of ${keyArn} now grants what Auto Scaling needs.`,
                    rounds: round,
                    concurrentWrites
                }
                : {
                    status: 'unchanged',
                    added,
                    message: `Key policy of ${keyArn} already grants what Auto Scaling needs; nothing written.`,
                    rounds: round,
                    concurrentWrites
                };
        }
        const orphans = (0,kms_policy/* orphanedPrincipals */.Xj)(policy);
        if (orphans.length > 0) {
            return {
                status: 'refused',
                added,
                message: `The key policy of ${keyArn} names deleted principals by unique id (${orphans.map(o => o.id).join(', ')}); KMS rejects any update of it until they are removed or replaced by ARNs. Nothing was written.`,
                rounds: round,
                concurrentWrites,
                refusal: 'orphaned-principal'
            };
        }
        const size = Buffer.byteLength(merge.text, 'utf8');
        if (size > POLICY_SIZE_LIMIT) {
            return {
                status: 'refused',
                added,
                message: `The patched key policy of ${keyArn} would be ${size} bytes, over the ${POLICY_SIZE_LIMIT}-byte key policy quota; create a grant for the Auto Scaling role instead. Nothing was written.`,
                rounds: round,
                concurrentWrites,
                refusal: 'too-large'
            };
        }
        const diff = policyDiff(keyArn, text, merge.text);
        if (options.dryRun) {
            return {
                status: 'dry-run',
                added: merge.added,
                diff,
                message: `dry-run: would add ${merge.added.map(s => s.Sid).join(', ')} to the key policy of ${keyArn}.`,
                rounds: round,
                concurrentWrites
            };
        }
        // Narrow the last-writer-wins window: if the policy moved since we read it, merge again.
        if ((await readKeyPolicy(kms, keyArn)) !== text) {
            concurrentWrites++;
            options.log(`The key policy of ${keyArn} changed while we prepared our patch; merging again.`);
            continue;
        }
        await putWithRetry(kms, keyArn, merge.text, options);
        added.push(...merge.added.filter(s => !added.some(a => a.Sid === s.Sid)));
        const readBack = parse(await readKeyPolicy(kms, keyArn));
        if (readBack instanceof kms_policy/* PolicyParseError */.y2)
            continue;
        const lost = (0,kms_policy/* lostStatements */.N_)(policy, readBack);
        const stillMissing = (0,kms_policy/* checkRequirements */.z4)(readBack, keyArn, needed).some(s => s.status === 'missing');
        if (!stillMissing && lost.length === 0) {
            return {
                status: 'written',
                added,
                diff,
                message: `Added ${added.map(s => s.Sid).join(', ')} to the key policy of ${keyArn}.`,
                rounds: round,
                concurrentWrites
            };
        }
        concurrentWrites++;
        options.log(`Another writer changed the key policy of ${keyArn} right after our write; merging with its version.`);
    }
    return {
        status: 'refused',
        added,
        message: `The key policy of ${keyArn} kept changing under us (${concurrentWrites} concurrent writes in ${maxRounds} rounds); stopped without overwriting the other writer.`,
        rounds: maxRounds,
        concurrentWrites,
        refusal: 'unresolved'
    };
}
class RefusedByKms extends Error {
    refusal;
    constructor(message, refusal) {
        super(message);
        this.refusal = refusal;
    }
}
async function putWithRetry(kms, keyArn, text, options) {
    const retries = options.roleJustCreated ? (options.principalRetries ?? 6) : 0;
    for (let attempt = 0;; attempt++) {
        try {
            // BypassPolicyLockoutSafetyCheck is never set: KMS's own lockout check stays in force.
            await (0,errors/* call */.T1)('kms:PutKeyPolicy', keyArn, () => kms.send(new client_kms_dist_cjs/* PutKeyPolicyCommand */.Ocb({ KeyId: keyArn, PolicyName: 'default', Policy: text })));
            return;
        }
        catch (error) {
            const message = (0,errors/* errorMessage */.gJ)(error);
            if ((0,errors/* errorName */.Is)(error) === 'MalformedPolicyDocumentException' &&
                /invalid principals/i.test(message) &&
                attempt < retries) {
                const wait = Math.min(2000 * 2 ** attempt, 30_000);
                options.log(`KMS does not see the new service-linked role yet (${message}); retrying in ${wait / 1000}s.`);
                await options.sleep(wait);
                continue;
            }
            if ((0,errors/* errorName */.Is)(error) === 'MalformedPolicyDocumentException' &&
                /not allow you to update the key policy/i.test(message)) {
                throw new RefusedByKms(`KMS's lockout safety check rejected the patched policy of ${keyArn}: ${message}`, 'lockout');
            }
            if ((0,errors/* errorName */.Is)(error) === 'MalformedPolicyDocumentException' &&
                /invalid principals/i.test(message)) {
                throw new RefusedByKms(`KMS rejected the patched policy of ${keyArn} because a principal does not exist: ${message}`, 'invalid-principal');
            }
            if ((0,errors/* errorName */.Is)(error) === 'LimitExceededException') {
                throw new RefusedByKms(`KMS rejected the patched policy of ${keyArn} as too large: ${message}`, 'too-large');
            }
            throw error;
        }
    }
}
/** Runs the patch and turns KMS's refusals into outcomes instead of exceptions. */
async function patchKeyPolicySafely(kms, keyArn, needed, options) {
    try {
        return await patchKeyPolicy(kms, keyArn, needed, options);
    }
    catch (error) {
        if (error instanceof RefusedByKms) {
            return {
                status: 'refused',
                added: [],
                message: `${error.message}. Nothing was changed.`,
                rounds: 1,
                concurrentWrites: 0,
                refusal: error.refusal
            };
        }
        throw error;
    }
}

// EXTERNAL MODULE: ./src/watch/failures.ts
var failures = __webpack_require__(7888);
;// CONCATENATED MODULE: ./src/watch/watcher.ts
/**
 * Watches node groups and their Auto Scaling groups' scaling activities, and reaches a verdict:
 * success when every target is ACTIVE with its instances in service, failure at the first fatal
 * launch failure (seconds after Auto Scaling records it, not when EKS gives up), timeout otherwise.
 *
 * Cost per poll is bounded: at most `maxCallsPerPoll` calls, spent round-robin on the node
 * groups that are not settled yet; activities are fetched from a moving StartTimeLowerBound, so
 * a long history costs nothing.
 */




const TERMINAL_FAILURE = new Set(['Failed', 'Cancelled']);
const MAX_PAGES = 5;
/** The slowest the loop gets under throttling, as a multiple of the poll interval. */
const MAX_BACKOFF = 4;
class NodegroupWatcher {
    aws;
    clock;
    timeline;
    log;
    options;
    hooks;
    states = new Map();
    startedAt;
    backoff = 1;
    throttledThisPoll = false;
    calls = 0;
    rotation = 0;
    lastProgress = '';
    lastProgressAt = 0;
    clusterSeen = true;
    firstFailureAt;
    constructor(aws, clock, timeline, log, options, hooks = {}) {
        this.aws = aws;
        this.clock = clock;
        this.timeline = timeline;
        this.log = log;
        this.options = options;
        this.hooks = hooks;
        this.startedAt = clock.now();
        for (const name of options.nodegroupNames)
            this.states.set(name, newState(name, true));
    }
    async run() {
        const deadline = this.startedAt + this.options.timeoutMs;
        const random = this.options.random ?? Math.random;
        for (;;) {
            if (this.options.signal?.aborted)
                return this.cancelled();
            try {
                this.throttledThisPoll = false;
                await this.poll();
                // Slow down once per poll that AWS throttled; recover gradually on clean polls.
                this.backoff = this.throttledThisPoll
                    ? Math.min(this.backoff * 1.5, MAX_BACKOFF)
                    : Math.max(1, this.backoff / 1.5);
            }
            catch (error) {
                // An in-flight call cut short by our own cancellation or deadline is not an AWS failure.
                if (this.options.signal?.aborted)
                    return this.cancelled();
                if (error instanceof errors/* PermissionError */.i_ || !(0,errors/* isTransient */.dg)(error))
                    throw error;
                this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF);
                this.log.warning(`AWS is throttling or failing (${(0,errors/* errorMessage */.gJ)(error)}); polling every ${((this.options.pollIntervalMs * this.backoff) / 1000).toFixed(1)}s for now.`);
            }
            const verdict = this.hooks.externalVerdict?.() ?? this.decide();
            if (verdict)
                return verdict;
            if (this.options.signal?.aborted)
                return this.cancelled();
            if (this.clock.now() >= deadline)
                return this.timedOut();
            this.progress();
            const wait = this.options.pollIntervalMs * this.backoff * (0.9 + 0.2 * random());
            await this.clock.sleep(Math.min(wait, Math.max(0, deadline - this.clock.now())), this.options.signal);
        }
    }
    /** AWS calls made so far (benchmarks divide by watched minutes). */
    get callCount() {
        return this.calls;
    }
    async send(action, resource, fn) {
        this.calls++;
        const response = await (0,errors/* call */.T1)(action, resource, fn);
        // The SDK retried inside the call: AWS is pushing back, so the loop should ease off.
        if ((response.$metadata?.attempts ?? 1) > 1)
            this.throttledThisPoll = true;
        return response;
    }
    async poll() {
        const budget = this.options.maxCallsPerPoll ?? 20;
        const spent = this.calls;
        if (this.options.nodegroupNames.length === 0)
            await this.discoverNodegroups();
        const pending = [...this.states.values()].filter(s => !s.settled);
        // Round-robin so every node group is visited even when the budget is smaller than the fleet.
        const order = pending.map((_, i) => pending[(i + this.rotation) % pending.length]);
        this.rotation++;
        for (const state of order) {
            if (this.calls - spent >= budget)
                break;
            await this.describeNodegroup(state);
            if (!state.exists)
                continue;
            for (const asg of state.asgNames) {
                if (this.calls - spent >= budget)
                    break;
                await this.fetchActivities(state, asg);
            }
        }
        const needGroups = pending.filter(s => s.exists && s.asgNames.length > 0);
        if (needGroups.length > 0 && this.calls - spent < budget + 1)
            await this.describeGroups(needGroups);
        for (const state of pending) {
            if (!state.exists)
                continue;
            if (this.hooks.onNodegroup &&
                (!state.hooked || state.asgNames.some(a => !state.hookedAsgs.has(a)))) {
                state.hooked = true;
                for (const asg of state.asgNames)
                    state.hookedAsgs.add(asg);
                await this.hooks.onNodegroup(state);
            }
            state.settled = this.isSettled(state);
        }
    }
    async discoverNodegroups() {
        let nextToken;
        try {
            do {
                const page = await this.send('eks:ListNodegroups', this.options.clusterName, () => this.aws.eks.send(new client_eks_dist_cjs/* ListNodegroupsCommand */.eTy({ clusterName: this.options.clusterName, nextToken }), { abortSignal: this.options.signal }));
                for (const name of page.nodegroups ?? []) {
                    if (!this.states.has(name)) {
                        this.states.set(name, newState(name, false));
                        this.log.info(`Watching node group ${name}.`);
                    }
                }
                nextToken = page.nextToken;
            } while (nextToken);
            this.clusterSeen = true;
        }
        catch (error) {
            if (!(0,errors/* isNotFound */.c4)(error))
                throw error;
            this.clusterSeen = false;
        }
    }
    async describeNodegroup(state) {
        let nodegroup;
        try {
            nodegroup = (await this.send('eks:DescribeNodegroup', `${this.options.clusterName}/${state.name}`, () => this.aws.eks.send(new client_eks_dist_cjs/* DescribeNodegroupCommand */.Kmg({
                clusterName: this.options.clusterName,
                nodegroupName: state.name
            }), { abortSignal: this.options.signal }))).nodegroup;
        }
        catch (error) {
            if ((0,errors/* isNotFound */.c4)(error)) {
                state.exists = false;
                return;
            }
            throw error;
        }
        if (!nodegroup)
            return;
        const firstSeen = !state.exists;
        const previousStatus = state.status;
        state.exists = true;
        state.status = nodegroup.status;
        state.createdAt = nodegroup.createdAt;
        state.modifiedAt = nodegroup.modifiedAt;
        state.healthIssues = nodegroup.health?.issues ?? [];
        state.launchTemplate = nodegroup.launchTemplate
            ? {
                id: nodegroup.launchTemplate.id,
                name: nodegroup.launchTemplate.name,
                version: nodegroup.launchTemplate.version
            }
            : undefined;
        if (firstSeen) {
            this.timeline.add('eks', 'nodegroup-created', `node group ${state.name} created (status ${state.status})`, { at: state.createdAt, nodegroup: state.name });
        }
        if (previousStatus !== undefined && previousStatus !== state.status) {
            this.timeline.add('eks', 'nodegroup-status', `node group ${state.name}: ${previousStatus} → ${state.status}`, { nodegroup: state.name });
        }
        for (const group of nodegroup.resources?.autoScalingGroups ?? []) {
            if (group.name && !state.asgNames.includes(group.name)) {
                state.asgNames.push(group.name);
                state.lowerBound.set(group.name, this.initialLowerBound(state));
            }
        }
    }
    /** Activities of the node group's current operation, or of the last minutes for a settled one. */
    initialLowerBound(state) {
        if ((state.status === 'CREATING' ||
            state.status === 'UPDATING' ||
            state.status === 'CREATE_FAILED') &&
            state.createdAt) {
            return new Date((state.status === 'UPDATING'
                ? (state.modifiedAt ?? state.createdAt)
                : state.createdAt).getTime() - 60_000);
        }
        return new Date(this.startedAt - 15 * 60_000);
    }
    async fetchActivities(state, asg) {
        const lower = state.lowerBound.get(asg) ?? this.initialLowerBound(state);
        const fetched = [];
        let nextToken;
        let pages = 0;
        do {
            const page = await this.send('autoscaling:DescribeScalingActivities', asg, () => this.aws.autoscaling.send(new dist_cjs/* DescribeScalingActivitiesCommand */.hM1({
                AutoScalingGroupName: asg,
                MaxRecords: 100,
                NextToken: nextToken,
                Filters: [{ Name: 'StartTimeLowerBound', Values: [lower.toISOString()] }]
            }), { abortSignal: this.options.signal }));
            fetched.push(...(page.Activities ?? []));
            nextToken = page.NextToken;
        } while (nextToken && ++pages < MAX_PAGES);
        // Oldest first, so runs of transient failures are counted in order.
        fetched.sort((a, b) => (a.StartTime?.getTime() ?? 0) - (b.StartTime?.getTime() ?? 0));
        for (const activity of fetched)
            this.record(state, asg, activity);
        const open = [...state.activities.values()].filter(a => a.asg === asg && !a.end);
        const newest = fetched.reduce((max, a) => Math.max(max, a.StartTime?.getTime() ?? 0), lower.getTime());
        const oldestOpen = open.reduce((min, a) => Math.min(min, a.start.getTime()), Number.POSITIVE_INFINITY);
        state.lowerBound.set(asg, new Date(Math.min(newest, oldestOpen)));
    }
    record(state, asg, activity) {
        const id = activity.ActivityId;
        if (!id || !activity.StartTime)
            return;
        let record = state.activities.get(id);
        if (!record) {
            record = {
                id,
                asg,
                nodegroup: state.name,
                start: activity.StartTime,
                statusCode: activity.StatusCode ?? 'InProgress',
                statusMessage: activity.StatusMessage ?? '',
                description: activity.Description ?? ''
            };
            state.activities.set(id, record);
            this.timeline.add('autoscaling', 'launch-attempt', `${asg}: ${record.description || 'scaling activity started'}`, { at: record.start, nodegroup: state.name });
        }
        if (record.end)
            return;
        record.statusCode = activity.StatusCode ?? record.statusCode;
        record.statusMessage = activity.StatusMessage ?? record.statusMessage;
        record.description = activity.Description ?? record.description;
        if (!activity.EndTime &&
            !TERMINAL_FAILURE.has(record.statusCode) &&
            record.statusCode !== 'Successful')
            return;
        record.end = activity.EndTime ?? new Date(this.clock.now());
        if (record.statusCode === 'Successful') {
            state.transientRun.delete(asg);
            this.timeline.add('autoscaling', 'launch-succeeded', `${asg}: ${record.description}`, {
                at: record.end,
                nodegroup: state.name
            });
            return;
        }
        if (!TERMINAL_FAILURE.has(record.statusCode))
            return;
        const text = `${record.statusMessage} ${record.description}`;
        const classification = (0,failures/* classifyMessage */.Q4)(text);
        record.pattern =
            classification?.pattern ?? (record.statusCode === 'Failed' ? failures/* UNRECOGNISED_FAILURE */.qs : undefined);
        record.code =
            classification?.code ?? (record.statusCode === 'Failed' ? 'Unrecognised' : undefined);
        this.firstFailureAt ??= record.end.getTime();
        this.timeline.add('autoscaling', 'launch-failed', `${asg}: ${record.statusCode}: ${record.statusMessage || record.description}`, { at: record.end, nodegroup: state.name });
        if (record.pattern?.kind === 'transient') {
            const run = state.transientRun.get(asg);
            state.transientRun.set(asg, run && run.pattern.id === record.pattern.id
                ? { pattern: run.pattern, count: run.count + 1 }
                : { pattern: record.pattern, count: 1 });
        }
    }
    async describeGroups(states) {
        const names = states.flatMap(s => s.asgNames);
        for (let i = 0; i < names.length; i += 50) {
            const batch = names.slice(i, i + 50);
            const response = await this.send('autoscaling:DescribeAutoScalingGroups', batch.join(','), () => this.aws.autoscaling.send(new dist_cjs/* DescribeAutoScalingGroupsCommand */.NkQ({ AutoScalingGroupNames: batch }), { abortSignal: this.options.signal }));
            for (const group of response.AutoScalingGroups ?? []) {
                const state = states.find(s => s.asgNames.includes(group.AutoScalingGroupName ?? ''));
                if (!state || !group.AutoScalingGroupName)
                    continue;
                if (!state.asgs.has(group.AutoScalingGroupName)) {
                    this.timeline.add('autoscaling', 'asg-created', `Auto Scaling group ${group.AutoScalingGroupName} created`, { at: group.CreatedTime, nodegroup: state.name });
                }
                state.asgs.set(group.AutoScalingGroupName, group);
            }
        }
    }
    isSettled(state) {
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
    /** Whether a failure of this activity may decide the verdict, or is history. */
    historyReason(state, record) {
        const start = record.start.getTime();
        const operationStart = (state.status === 'CREATING' || state.status === 'CREATE_FAILED') && state.createdAt
            ? state.createdAt.getTime()
            : this.startedAt;
        if (start < operationStart - 60_000)
            return 'started before the node group operation being watched';
        if (record.pattern?.rootCause === 'key-check') {
            const from = this.hooks.kmsFatalFrom?.(state.name);
            if (from !== undefined && start < from)
                return 'started before this run’s key policy patch had propagated';
            if (start < this.startedAt &&
                this.hooks.keyProblemKnown &&
                !this.hooks.keyProblemKnown(state.name)) {
                return 'started before this run, and the key now passes every check (fixed since?)';
            }
        }
        return undefined;
    }
    decide() {
        const now = this.clock.now();
        for (const state of this.states.values()) {
            for (const record of [...state.activities.values()].sort((a, b) => a.start.getTime() - b.start.getTime())) {
                if (!record.end || !record.pattern || !TERMINAL_FAILURE.has(record.statusCode))
                    continue;
                const reason = this.historyReason(state, record);
                if (reason) {
                    record.history = reason;
                    continue;
                }
                if (record.pattern.kind === 'fatal')
                    return this.failure(state, record, now);
            }
            for (const [, run] of state.transientRun) {
                if (run.count >= (run.pattern.threshold ?? Infinity)) {
                    const last = [...state.activities.values()]
                        .filter(a => a.pattern?.id === run.pattern.id && !a.history)
                        .sort((a, b) => b.start.getTime() - a.start.getTime())[0];
                    if (last)
                        return this.failure(state, last, now, `${run.count} launches in a row failed this way`);
                }
            }
            if (state.status === 'CREATE_FAILED' ||
                state.status === 'DEGRADED' ||
                (state.status === 'ACTIVE' && state.healthIssues.length > 0)) {
                const verdict = this.healthVerdict(state, now);
                if (verdict)
                    return verdict;
            }
        }
        const targets = [...this.states.values()];
        const mayConclude = this.hooks.mayConcludeSuccess?.() ?? true;
        if (!mayConclude)
            return undefined;
        if (targets.length === 0) {
            return {
                result: 'success',
                message: this.clusterSeen
                    ? `Cluster ${this.options.clusterName} has no node groups to watch.`
                    : `Cluster ${this.options.clusterName} was not found.`,
                decidedAt: now,
                rootCause: this.clusterSeen ? undefined : 'nodegroup-not-found'
            };
        }
        if (targets.every(s => s.settled)) {
            return {
                result: 'success',
                message: `Every node group is ACTIVE with its instances in service: ${targets.map(s => s.name).join(', ')}.`,
                decidedAt: now
            };
        }
        return undefined;
    }
    healthVerdict(state, now) {
        const issue = state.healthIssues[0];
        if (!issue) {
            if (state.status === 'CREATE_FAILED') {
                return {
                    result: 'failure',
                    rootCause: 'nodegroup-create-failed',
                    nodegroup: state.name,
                    failureCode: 'CREATE_FAILED',
                    message: `Node group ${state.name} is CREATE_FAILED.`,
                    decidedAt: now
                };
            }
            return undefined;
        }
        const classification = (0,failures/* classifyMessage */.Q4)(issue.message ?? '');
        const kms = classification?.pattern.rootCause === 'key-check';
        // A degraded group whose KMS problem was just fixed recovers on the next launch: wait out the grace.
        const fatalFrom = this.hooks.kmsFatalFrom?.(state.name);
        if (kms && state.status !== 'CREATE_FAILED' && fatalFrom !== undefined && now < fatalFrom)
            return undefined;
        const rootCause = classification?.pattern.rootCause ??
            failures/* HEALTH_ISSUE_CAUSES */._K[issue.code ?? ''] ??
            'nodegroup-create-failed';
        return {
            result: 'failure',
            rootCause,
            nodegroup: state.name,
            failureCode: classification?.code ?? issue.code,
            healthIssue: issue,
            message: `Node group ${state.name} is ${state.status}: ${issue.code}: ${issue.message}`,
            decidedAt: now
        };
    }
    failure(state, record, now, note) {
        const pattern = record.pattern;
        return {
            result: 'failure',
            rootCause: pattern.rootCause,
            failureCode: record.code,
            nodegroup: state.name,
            activity: record,
            message: `Node group ${state.name}: launch ${record.statusCode.toLowerCase()} at ${record.start.toISOString()}: ${record.statusMessage || record.description}${note ? ` (${note})` : ''}`,
            decidedAt: now
        };
    }
    pendingSummary() {
        return [...this.states.values()]
            .filter(s => !s.settled)
            .map(s => (s.exists ? `${s.name} (${s.status})` : `${s.name} (not created yet)`))
            .join(', ');
    }
    timedOut() {
        const pending = this.pendingSummary();
        const missing = [...this.states.values()].some(s => s.named && !s.exists);
        return {
            result: 'timeout',
            rootCause: missing ? 'nodegroup-not-found' : undefined,
            message: `No verdict after ${formatDuration(this.options.timeoutMs)}; still pending: ${pending || (this.states.size === 0 ? 'no node group appeared' : 'nothing')}.`,
            decidedAt: this.clock.now()
        };
    }
    cancelled() {
        if (this.options.signal?.reason === 'timeout')
            return this.timedOut();
        return {
            result: 'timeout',
            cancelled: true,
            message: `Cancelled while watching; still pending: ${this.pendingSummary() || 'nothing'}.`,
            decidedAt: this.clock.now()
        };
    }
    /** One line per poll at most: when something changed, or once a minute so the log never goes silent. */
    progress() {
        const now = this.clock.now();
        const parts = [...this.states.values()].map(s => {
            if (!s.exists)
                return `${s.name}: not created yet`;
            const activities = [...s.activities.values()];
            const failed = activities.filter(a => TERMINAL_FAILURE.has(a.statusCode)).length;
            const group = s.asgNames.map(n => s.asgs.get(n)).find(Boolean);
            const inService = group
                ? `${(group.Instances ?? []).filter(i => i.LifecycleState === 'InService').length}/${group.DesiredCapacity ?? 0} in service`
                : 'no Auto Scaling group yet';
            return `${s.name}: ${s.status}, ${inService}, ${activities.length} launch activities (${failed} failed)`;
        });
        const line = parts.join(' | ') ||
            (this.clusterSeen
                ? 'waiting for node groups'
                : `waiting for cluster ${this.options.clusterName}`);
        if (line === this.lastProgress && now - this.lastProgressAt < 60_000)
            return;
        this.lastProgress = line;
        this.lastProgressAt = now;
        this.log.info(`[${formatElapsed(now - this.startedAt)}] ${line}`);
    }
}
function newState(name, named) {
    return {
        name,
        named,
        exists: false,
        asgNames: [],
        asgs: new Map(),
        healthIssues: [],
        activities: new Map(),
        lowerBound: new Map(),
        transientRun: new Map(),
        settled: false,
        hookedAsgs: new Set(),
        hooked: false
    };
}
function formatDuration(ms) {
    return ms < 120_000
        ? `${Math.round(ms / 100) / 10} seconds`
        : `${Math.round(ms / 6000) / 10} minutes`;
}
function formatElapsed(ms) {
    const seconds = Math.max(0, Math.round(ms / 1000));
    return `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
}

;// CONCATENATED MODULE: ./src/guard.ts
/**
 * verify and deploy: resolve who we are and which role Auto Scaling uses, find the keys every node
 * group's volumes really use, check them (deploy: patch them), and watch until a verdict.
 */









function partitionOf(arn) {
    return arn.split(':')[1] || 'aws';
}
class Guard {
    config;
    deps;
    identity;
    role;
    roleCreated = false;
    cluster;
    keys = new Map();
    byReference = new Map();
    ebsDefaults;
    policyChanged = false;
    startedAt = 0;
    constructor(config, deps) {
        this.config = config;
        this.deps = deps;
        this.ebsDefaults = new EbsDefaultsCache(deps.clients.ec2);
    }
    get writes() {
        return this.config.mode === 'deploy' && this.config.patchPolicy;
    }
    async run() {
        const { clients, timeline, log, clock } = this.deps;
        const startedAt = clock.now();
        this.startedAt = startedAt;
        const caller = await (0,errors/* call */.T1)('sts:GetCallerIdentity', undefined, () => clients.sts.send(new client_sts_dist_cjs/* GetCallerIdentityCommand */.zI({})));
        this.identity = {
            account: caller.Account ?? '',
            partition: partitionOf(caller.Arn ?? ''),
            arn: caller.Arn ?? ''
        };
        timeline.add('action', 'started', `${this.config.mode} of cluster ${this.config.clusterName} in ${this.config.region}`);
        await this.describeCluster();
        if (!this.cluster && !this.deps.command) {
            const verdict = {
                result: 'failure',
                rootCause: 'nodegroup-not-found',
                message: `Cluster ${this.config.clusterName} was not found in ${this.config.region} for account ${this.identity.account}.`,
                decidedAt: clock.now()
            };
            return this.outcome(verdict, startedAt);
        }
        this.role = await resolveAutoscalingRole(clients.iam, {
            input: this.config.autoscalingRoleArn,
            partition: this.identity.partition,
            account: this.identity.account
        });
        if (this.role.note)
            log.warning(this.role.note);
        if (this.role.exists === false)
            await this.ensureRole();
        else
            timeline.add('iam', 'role-found', `Auto Scaling service-linked role ${this.role.arn} (${this.role.source})`);
        for (const reference of this.config.kmsKeyIds) {
            await this.handleKey({ nodegroup: '(input)', reference, source: 'input', why: `named in the kms-key-ids input` }, this.role.arn);
        }
        const watcher = new NodegroupWatcher(clients, clock, timeline, { info: line => log.info(line), warning: line => log.warning(line) }, {
            clusterName: this.config.clusterName,
            nodegroupNames: this.config.nodegroupNames,
            timeoutMs: Math.max(0, this.config.timeoutMs - (clock.now() - startedAt)),
            pollIntervalMs: this.config.pollIntervalMs,
            signal: this.deps.signal
        }, {
            onNodegroup: state => this.onNodegroup(state),
            kmsFatalFrom: name => this.kmsFatalFrom(name),
            keyProblemKnown: name => this.recordsOf(name).some(r => r.assessment.causes.length > 0),
            mayConcludeSuccess: this.deps.command?.mayConcludeSuccess,
            externalVerdict: this.deps.command?.externalVerdict
        });
        let verdict = await watcher.run();
        verdict = this.predictiveVerdict(verdict, watcher);
        return { ...this.outcome(verdict, startedAt, watcher), firstFailureAt: watcher.firstFailureAt };
    }
    outcome(verdict, watchedFrom, watcher) {
        return {
            verdict,
            identity: this.identity,
            cluster: this.cluster,
            role: this.role,
            roleCreated: this.roleCreated,
            keys: [...this.keys.values()],
            nodegroups: watcher ? [...watcher.states.values()] : [],
            policyChanged: this.policyChanged,
            watchedFrom
        };
    }
    /** verify of settled node groups: a key that would fail the next launch is a failure now. */
    predictiveVerdict(verdict, watcher) {
        if (verdict.result !== 'success')
            return verdict;
        const broken = [...this.keys.values()].find(r => r.assessment.causes.length > 0 &&
            r.uses.some(u => watcher.states.has(u.nodegroup) || u.source === 'input'));
        if (!broken)
            return verdict;
        const use = broken.uses[0];
        return {
            result: 'failure',
            rootCause: broken.assessment.causes[0],
            nodegroup: use?.nodegroup !== '(input)' ? use?.nodegroup : undefined,
            message: `${verdict.message} But key ${broken.id} would fail the next launch: ${broken.assessment.causes.join(', ')}.`,
            decidedAt: verdict.decidedAt
        };
    }
    async describeCluster() {
        const { clients, timeline } = this.deps;
        try {
            const cluster = (await (0,errors/* call */.T1)('eks:DescribeCluster', this.config.clusterName, () => clients.eks.send(new client_eks_dist_cjs/* DescribeClusterCommand */.hV5({ name: this.config.clusterName })))).cluster;
            const secretsKeyArn = cluster?.encryptionConfig?.find(c => c.resources?.includes('secrets'))
                ?.provider?.keyArn;
            this.cluster = { name: this.config.clusterName, roleArn: cluster?.roleArn, secretsKeyArn };
            timeline.add('eks', 'cluster-created', `cluster ${this.config.clusterName} (${cluster?.status ?? 'unknown status'})`, { at: cluster?.createdAt });
        }
        catch (error) {
            if (!(0,errors/* isNotFound */.c4)(error))
                throw error;
        }
    }
    async ensureRole() {
        const { clients, timeline, log } = this.deps;
        const role = this.role;
        if (this.config.mode !== 'deploy' ||
            !this.config.createServiceLinkedRole ||
            this.config.dryRun) {
            timeline.add('iam', 'role-missing', `Auto Scaling service-linked role ${role.arn} does not exist`);
            return;
        }
        const created = await createServiceLinkedRole(clients.iam);
        this.roleCreated = created.created;
        this.role = { arn: created.arn ?? role.arn, exists: true, source: 'iam' };
        log.info(created.created
            ? `Created the Auto Scaling service-linked role ${this.role.arn}.`
            : `The Auto Scaling service-linked role appeared meanwhile (${this.role.arn}).`);
        timeline.add('iam', created.created ? 'role-created' : 'role-found', `Auto Scaling service-linked role ${this.role.arn}`);
    }
    recordsOf(nodegroup) {
        return [...this.keys.values()].filter(r => r.uses.some(u => u.nodegroup === nodegroup));
    }
    kmsFatalFrom(nodegroup) {
        const records = this.recordsOf(nodegroup);
        const patched = records.map(r => r.patchedAt).filter((t) => t !== undefined);
        if (patched.length > 0)
            return Math.max(...patched) + this.config.propagationGraceMs;
        // Every key check passes: a KMS failure right after we started may be someone else's fix
        // still propagating, so it is fatal only once the grace has passed.
        if (records.length > 0 &&
            records.every(r => r.assessment.causes.length === 0 && r.assessment.openQuestions.length === 0)) {
            return this.startedAt + this.config.propagationGraceMs;
        }
        return undefined;
    }
    async onNodegroup(state) {
        // Under a deploy command the cluster may have been created after we started.
        if (!this.cluster)
            await this.describeCluster();
        const templates = [];
        if (state.launchTemplate)
            templates.push(state.launchTemplate);
        let roleArn = this.role?.arn;
        for (const name of state.asgNames) {
            const group = state.asgs.get(name);
            const ref = asgLaunchTemplate(group);
            if (ref)
                templates.push(ref);
            if (group?.ServiceLinkedRoleARN && !this.config.autoscalingRoleArn)
                roleArn = group.ServiceLinkedRoleARN;
        }
        let uses;
        if (templates.length === 0) {
            // No launch template yet (EKS creates its own with the Auto Scaling group): only the account
            // default can apply, and only when encryption by default is on.
            const defaults = await this.ebsDefaults.get();
            uses = defaults.encryptionByDefault
                ? [
                    {
                        nodegroup: state.name,
                        reference: defaults.defaultKeyId,
                        source: 'ebs-default',
                        why: `node group ${state.name} uses no launch template of its own and EBS encryption by default is on, so the account's default EBS key ${defaults.defaultKeyId} is used`
                    }
                ]
                : [];
        }
        else {
            uses = await discoverKeyUses(this.deps.clients.ec2, state.name, templates, this.ebsDefaults);
        }
        for (const use of uses)
            await this.handleKey(use, roleArn);
    }
    async handleKey(use, roleArn) {
        const { clients, log, timeline } = this.deps;
        const identity = this.identity;
        const known = this.byReference.get(`${use.reference}|${roleArn}`);
        if (known) {
            if (!known.uses.some(u => u.nodegroup === use.nodegroup && u.reference === use.reference))
                known.uses.push(use);
            return;
        }
        const facts = await inspectKey(clients.kms, use.reference, roleArn, identity.account);
        const id = facts.arn ?? use.reference;
        const existing = this.keys.get(`${id}|${roleArn}`);
        if (existing) {
            existing.uses.push(use);
            this.byReference.set(`${use.reference}|${roleArn}`, existing);
            return;
        }
        const secretsKey = facts.arn !== undefined && facts.arn === this.cluster?.secretsKeyArn;
        const context = {
            callerAccount: identity.account,
            region: this.config.region,
            autoscalingRoleArn: roleArn,
            autoscalingRoleExists: roleArn === this.role?.arn ? (this.role?.exists ?? 'unknown') : true,
            clusterRoleArn: secretsKey ? this.cluster?.roleArn : undefined
        };
        const record = {
            id,
            facts,
            assessment: assessKey(facts, context),
            uses: [use],
            roleArn,
            secretsKey
        };
        this.keys.set(`${id}|${roleArn}`, record);
        this.byReference.set(`${use.reference}|${roleArn}`, record);
        const verdict = record.assessment.causes.length
            ? `problems: ${record.assessment.causes.join(', ')}`
            : 'no problem found';
        timeline.add('kms', 'key-checked', `key ${id} (${facts.state ?? 'not found'}, ${facts.manager ?? '?'}) used by ${use.nodegroup}: ${verdict}`, { nodegroup: use.nodegroup !== '(input)' ? use.nodegroup : undefined });
        log.info(`Key ${id}: ${use.why}; ${verdict}.`);
        if (this.writes &&
            facts.manager === 'CUSTOMER' &&
            record.assessment.causes.length === 0 &&
            !record.assessment.crossAccount) {
            timeline.add('kms', 'policy-unchanged', `the policy of ${id} already grants what Auto Scaling needs; nothing written`);
        }
        // Patch only when the missing grant is the whole problem: a disabled, doomed or unusable key
        // gains nothing from a policy write, and the write would delay the verdict by the grace period.
        const missingOnly = record.assessment.causes.every(c => c === 'kms-policy-missing-autoscaling-role' || c === 'autoscaling-role-missing');
        const needsPatch = record.assessment.causes.includes('kms-policy-missing-autoscaling-role') ||
            record.assessment.statuses.some(s => s.status === 'missing' && s.requirement.id === 'cluster-secrets');
        if (missingOnly && needsPatch) {
            await this.patch(record, context);
        }
        if (record.assessment.causes.length === 1 &&
            record.assessment.causes[0] === 'kms-key-cross-account') {
            await this.grant(record, context);
        }
    }
    /**
     * Another account's key cannot have its policy written from here; the fix is a grant to the
     * role, created from this account (which the key policy must allow).
     */
    async grant(record, context) {
        const { clients, log, timeline } = this.deps;
        if (!this.writes || this.config.dryRun || !record.facts.arn) {
            if (this.config.mode === 'deploy' && this.config.dryRun)
                log.info(`dry-run: would create a grant on ${record.facts.arn} for ${record.roleArn}.`);
            return;
        }
        try {
            await createRoleGrant(clients.kms, record.facts.arn, record.roleArn);
        }
        catch (error) {
            const message = `Could not create a grant on ${record.facts.arn} for ${record.roleArn}: ${(0,errors/* errorMessage */.gJ)(error)}. The key's owner (account ${record.facts.account}) must let this account call kms:CreateGrant on it.`;
            timeline.add('kms', 'grant-refused', message);
            log.warning(message);
            return;
        }
        // A grant is not a key policy write (policy-changed stays false), but it needs the same grace.
        timeline.add('kms', 'grant-created', `grant on ${record.facts.arn} for ${record.roleArn}`);
        log.info(`Created a grant on ${record.facts.arn} for ${record.roleArn}.`);
        await this.fixed(record, context);
    }
    /**
     * The key was just fixed (by us or by another writer): failures before now plus the grace are
     * history, and the checks start again from what KMS now stores, not from what we meant to write.
     */
    async fixed(record, context) {
        record.patchedAt = this.deps.clock.now();
        record.facts = await inspectKey(this.deps.clients.kms, record.facts.arn, record.roleArn, context.callerAccount);
        record.assessment = assessKey(record.facts, context);
    }
    async patch(record, context) {
        const { clients, log, timeline, clock } = this.deps;
        const canWrite = this.writes || (this.config.mode === 'deploy' && this.config.dryRun);
        if (!canWrite ||
            record.facts.manager !== 'CUSTOMER' ||
            record.assessment.crossAccount ||
            !record.facts.arn)
            return;
        if (context.autoscalingRoleExists === false)
            return;
        const needed = (0,kms_policy/* requirements */.Ln)({
            autoscalingRoleArn: record.roleArn,
            region: this.config.region,
            account: context.callerAccount,
            clusterRoleArn: context.clusterRoleArn
        });
        record.patch = await patchKeyPolicySafely(clients.kms, record.facts.arn, needed, {
            dryRun: this.config.dryRun,
            sleep: ms => clock.sleep(ms, this.deps.signal),
            log: line => log.warning(line),
            roleJustCreated: this.roleCreated
        });
        const patch = record.patch;
        if (patch.status === 'written') {
            this.policyChanged = true;
            timeline.add('kms', 'policy-patched', patch.message);
            log.info(patch.message);
            await this.fixed(record, context);
        }
        else if (patch.status === 'dry-run') {
            timeline.add('kms', 'policy-dry-run', patch.message);
            log.info(`${patch.message}\n${patch.diff ?? ''}`);
        }
        else if (patch.status === 'unchanged') {
            // We saw the grant missing, and now it is there: another writer fixed it just now, which
            // counts like our own patch (earlier failures are history, propagation needs its grace).
            timeline.add('kms', 'policy-unchanged', `${patch.message} (another writer added the grant meanwhile)`);
            await this.fixed(record, context);
        }
        else {
            timeline.add('kms', 'policy-refused', patch.message);
            log.warning(patch.message);
        }
    }
}

;// CONCATENATED MODULE: ./src/guard-runner.ts
/** verify and deploy with real AWS clients; loaded on demand, so the SDK stays out of check's start-up. */



async function runGuard(config, timeline, clock, log, command, signal) {
    const clients = createClients(config.region, {
        requestTimeoutMs: (0,timeout/* requestTimeoutFor */.S)(config.pollIntervalMs)
    });
    try {
        return await new Guard(config, {
            clients,
            clock,
            log,
            timeline,
            signal,
            command
        }).run();
    }
    finally {
        destroyClients(clients);
    }
}


/***/ })

};
