export const id = 327;
export const ids = [327];
export const modules = {

/***/ 9327:
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
// EXTERNAL MODULE: ./src/aws/errors.ts + 1 modules
var errors = __webpack_require__(1528);
// EXTERNAL MODULE: ./src/kms/foreign.ts
var foreign = __webpack_require__(4333);
;// CONCATENATED MODULE: ./src/kms/plan.ts

/** "May this run write?" — deploy with patch-policy on; a deploy dry run shows what it would write. */
function writeMode(p) {
    if (p.mode !== 'deploy')
        return 'none';
    if (p.dryRun)
        return 'dry-run';
    return p.patchPolicy ? 'write' : 'none';
}
/**
 * Patch only when a missing grant is the whole problem: a disabled, doomed or unusable key gains
 * nothing from a policy write, and the write would delay the verdict by the propagation grace.
 * Another account's key cannot have its policy written from here: the fix is a grant.
 */
function planKeyAction(record, p, evidence = { kmsLaunchFailures: false }) {
    if (writeMode(p) === 'none')
        return 'none';
    const { assessment, facts } = record;
    const causes = assessment.causes;
    if (assessment.crossAccount)
        return grantPlan(record) ? 'grant' : 'none';
    if (facts.manager !== 'CUSTOMER' || assessment.crossAccount || !facts.arn)
        return 'none';
    if (record.context.autoscalingRoleExists === false)
        return 'none';
    // The policy's answer for the role is "cannot tell", and launches fail with a KMS error: the
    // documented statements are safe to add (stable Sids, nothing removed), so act on the evidence.
    const undecided = assessment.statuses.some(s => s.status === 'unknown' && s.requirement.id !== 'cluster-secrets');
    if (causes.length === 0 && undecided && evidence.kmsLaunchFailures)
        return 'patch-unknown';
    const missingOnly = causes.every(c => c === 'kms-policy-missing-autoscaling-role' || c === 'autoscaling-role-missing');
    const needsPatch = causes.includes('kms-policy-missing-autoscaling-role') ||
        assessment.statuses.some(s => s.status === 'missing' && s.requirement.id === 'cluster-secrets');
    return missingOnly && needsPatch ? 'patch' : 'none';
}
/**
 * Another account's key: a grant from this account is the only fix possible here. It is created
 * when no grant to the role is seen — also when the owner's policy hides the grants (the grant is
 * named, so KMS returns the existing one instead of a second) — and never when the owner's policy
 * refuses this account DescribeKey or CreateGrant: then only the owner can act.
 */
function grantPlan(record) {
    const { assessment, facts } = record;
    if (!facts.arn || !facts.found || record.grant)
        return false;
    const refused = (0,foreign/* refusedCalls */.If)(facts);
    if (refused.includes('kms:DescribeKey') || refused.includes('kms:CreateGrant'))
        return false;
    const otherCauses = assessment.causes.filter(c => c !== 'kms-key-cross-account');
    if (otherCauses.length > 0)
        return false;
    return assessment.causes.includes('kms-key-cross-account') || facts.grantsUnknown === true;
}

// EXTERNAL MODULE: ./src/model/index.ts + 8 modules
var model = __webpack_require__(3282);
;// CONCATENATED MODULE: ./src/kms/ami.ts
/**
 * The keys an AMI's snapshots are encrypted with. EBS creates a node's volumes from the AMI's
 * snapshots, so a launch needs each encrypted snapshot's key, whatever key the launch template
 * names for the new volume: Auto Scaling "failed to launch instances with encrypted AMI or
 * encrypted volumes" is one AWS troubleshooting case (knowledge center: kms-launch-ec2-instance).
 * EKS-optimized AMIs are public and unencrypted; custom (golden) AMIs often are encrypted, and
 * often with another account's key.
 */


/** An AMI given as a Systems Manager parameter: EC2 resolves it at launch, not we. */
const SSM_IMAGE = /^resolve:ssm:/;
class AmiKeysCache {
    ec2;
    log;
    byImage = new Map();
    /** Encrypted snapshots whose key could not be read: the diagnosis names them. */
    unreadable = [];
    constructor(ec2, log) {
        this.ec2 = ec2;
        this.log = log;
    }
    /** The encrypted snapshots of an AMI and their keys, read once per run. */
    keysOf(imageId) {
        let keys = this.byImage.get(imageId);
        if (!keys) {
            keys = this.read(imageId);
            this.byImage.set(imageId, keys);
        }
        return keys;
    }
    async read(imageId) {
        if (SSM_IMAGE.test(imageId)) {
            this.log.info(`AMI ${imageId} is a Systems Manager parameter that EC2 resolves at launch: its snapshots' keys are not checked.`);
            return [];
        }
        let encrypted;
        let owner;
        try {
            const response = await (0,errors/* call */.T1)('ec2:DescribeImages', imageId, () => this.ec2.send(new client_ec2_dist_cjs/* DescribeImagesCommand */.ji5({ ImageIds: [imageId] })));
            const image = response.Images?.[0];
            owner = image?.OwnerId;
            encrypted = (image?.BlockDeviceMappings ?? [])
                .filter(m => m.Ebs?.Encrypted && m.Ebs.SnapshotId)
                .map(m => ({ device: m.DeviceName, snapshotId: m.Ebs.SnapshotId }));
        }
        catch (error) {
            if (!(error instanceof errors/* PermissionError */.i_) && !(0,errors/* isNotFound */.c4)(error))
                throw error;
            this.log.warning(`Could not read AMI ${imageId} (${(0,errors/* errorMessage */.gJ)(error)}): a key its snapshots may be encrypted with is not checked. Allow ec2:DescribeImages and ec2:DescribeSnapshots (README, IAM permissions).`);
            return [];
        }
        if (encrypted.length === 0)
            return [];
        try {
            const response = await (0,errors/* call */.T1)('ec2:DescribeSnapshots', imageId, () => this.ec2.send(new client_ec2_dist_cjs/* DescribeSnapshotsCommand */.MmI({ SnapshotIds: encrypted.map(s => s.snapshotId) })));
            return encrypted.flatMap(s => {
                const keyId = response.Snapshots?.find(r => r.SnapshotId === s.snapshotId)?.KmsKeyId;
                return keyId ? [{ imageId, device: s.device, snapshotId: s.snapshotId, keyId }] : [];
            });
        }
        catch (error) {
            if (!(error instanceof errors/* PermissionError */.i_) && !(0,errors/* isNotFound */.c4)(error))
                throw error;
            // A shared AMI's snapshots are usually not shared with the account that launches it.
            this.unreadable.push({
                imageId,
                owner,
                snapshots: encrypted.map(s => s.snapshotId),
                reason: (0,errors/* errorMessage */.gJ)(error)
            });
            this.log.warning(`AMI ${imageId}${owner ? ` (owner ${owner})` : ''} has encrypted snapshots (${encrypted.map(s => s.snapshotId).join(', ')}) whose key this account cannot read (${(0,errors/* errorMessage */.gJ)(error)}), so that key is not checked. Launches need it: if it is a customer managed key, its policy must allow the Auto Scaling service-linked role, or its owner must let this account create a grant on it for the role.`);
            return [];
        }
    }
}

;// CONCATENATED MODULE: ./src/kms/discover.ts


/**
 * Numbered launch template versions, read once per run: a version cannot be changed once created
 * ("You can't modify a launch template version", https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/manage-launch-template-versions.html),
 * so only $Default and $Latest, which move, are read again. A failed read is not kept.
 */
class TemplateVersionCache {
    versions = new Map();
    read(ref, load) {
        if (!ref.version || !/^\d+$/.test(ref.version))
            return load();
        const id = `${ref.id ?? `name:${ref.name}`}@${ref.version}`;
        let data = this.versions.get(id);
        if (!data) {
            data = load();
            this.versions.set(id, data);
            data.catch(() => this.versions.delete(id));
        }
        return data;
    }
}
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
async function launchData(ec2, ref) {
    const response = await (0,errors/* call */.T1)('ec2:DescribeLaunchTemplateVersions', ref.id ?? ref.name, () => ec2.send(new client_ec2_dist_cjs/* DescribeLaunchTemplateVersionsCommand */.Ptd({
        LaunchTemplateId: ref.id,
        LaunchTemplateName: ref.id ? undefined : ref.name,
        Versions: [ref.version ?? '$Default']
    })));
    const data = response.LaunchTemplateVersions?.[0]?.LaunchTemplateData;
    return { imageId: data?.ImageId, mappings: data?.BlockDeviceMappings ?? [] };
}
function describeRef(ref) {
    return `${ref.name ?? ref.id} version ${ref.version ?? '$Default'}`;
}
/** Key uses of one launch template version. */
async function keyUsesOfLaunchTemplate(ec2, nodegroup, ref, caches) {
    const defaults = caches.ebsDefaults;
    const read = () => launchData(ec2, ref);
    const { imageId, mappings } = await (caches.templates?.read(ref, read) ?? read());
    const uses = [];
    for (const snapshot of imageId ? await caches.amiKeys.keysOf(imageId) : []) {
        uses.push({
            nodegroup,
            reference: snapshot.keyId,
            source: 'ami-snapshot',
            launchTemplate: ref,
            device: snapshot.device,
            image: snapshot.imageId,
            snapshot: snapshot.snapshotId,
            why: `launch template ${describeRef(ref)} launches AMI ${snapshot.imageId}, whose snapshot ${snapshot.snapshotId}${snapshot.device ? ` (${snapshot.device})` : ''} is encrypted with ${snapshot.keyId}: EBS needs that key to create the node's volume from it`
        });
    }
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
async function discoverKeyUses(ec2, nodegroup, templates, caches) {
    const uses = [];
    const seenTemplates = new Set();
    for (const ref of templates) {
        const id = `${ref.id ?? ref.name}@${ref.version ?? '$Default'}`;
        if (seenTemplates.has(id))
            continue;
        seenTemplates.add(id);
        uses.push(...(await keyUsesOfLaunchTemplate(ec2, nodegroup, ref, caches)));
    }
    return uses;
}

// EXTERNAL MODULE: ./src/kms/requirements.ts + 2 modules
var requirements = __webpack_require__(421);
// EXTERNAL MODULE: ./src/kms/document.ts
var kms_document = __webpack_require__(8076);
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
        const owner = (0,foreign/* accountOfReference */.eZ)(reference);
        if ((0,foreign/* ownerRefusal */.CE)(error, owner, callerAccount))
            return (0,foreign/* refusedKeyFacts */.jt)(reference, owner);
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
    try {
        facts.grants = await listRoleGrants(kms, facts.arn, autoscalingRoleArn);
    }
    catch (error) {
        if (!(0,foreign/* ownerRefusal */.CE)(error, facts.account, callerAccount))
            throw error;
        facts.grantsUnknown = true;
        facts.ownerRefused = ['kms:ListGrants'];
    }
    return facts;
}
async function readKeyPolicy(kms, keyArn) {
    const response = await (0,errors/* call */.T1)('kms:GetKeyPolicy', keyArn, () => kms.send(new client_kms_dist_cjs/* GetKeyPolicyCommand */.$r8({ KeyId: keyArn, PolicyName: 'default' })));
    return response.Policy ?? '';
}
/**
 * A grant that lets the Auto Scaling role use the key for EBS (the cross-account fix). Named, so a
 * second call with the same parameters returns the same grant instead of another one.
 */
async function createRoleGrant(kms, keyArn, grantee) {
    const response = await (0,errors/* call */.T1)('kms:CreateGrant', keyArn, () => kms.send(new client_kms_dist_cjs/* CreateGrantCommand */.Y_D({
        KeyId: keyArn,
        GranteePrincipal: grantee,
        Operations: requirements/* GRANT_OPERATIONS */.y,
        Name: foreign/* GRANT_NAME */.jX
    })));
    return { id: response.GrantId ?? '', name: foreign/* GRANT_NAME */.jX };
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
    assessment.crossAccount = facts.account !== undefined && facts.account !== context.callerAccount;
    if (assessment.crossAccount && !facts.found && facts.ownerRefused?.length) {
        (0,foreign/* assessForeignKey */.MV)(assessment, context.autoscalingRoleArn);
        return finish(assessment);
    }
    // KMS keys are regional and EBS uses only keys of the volume's Region: another Region's key ARN
    // is NotFound to this Region's KMS, whatever DescribeKey elsewhere would say.
    if (!facts.found ||
        ((0,model/* regionOfKey */.XQ)(facts.arn ?? facts.reference) ?? context.region) !== context.region) {
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
    if (assessment.crossAccount) {
        (0,foreign/* assessForeignKey */.MV)(assessment, context.autoscalingRoleArn);
        return finish(assessment);
    }
    ruledOut.push('the key is in this account');
    if (facts.policyText === undefined) {
        openQuestions.push('the key policy could not be read');
        return finish(assessment);
    }
    try {
        assessment.policy = (0,kms_document/* parseKeyPolicy */.LB)(facts.policyText);
    }
    catch (error) {
        assessment.policyError = error instanceof kms_document/* PolicyParseError */.y2 ? error.message : String(error);
        openQuestions.push(assessment.policyError);
        return finish(assessment);
    }
    assessment.orphans = (0,kms_document/* orphanedPrincipals */.Xj)(assessment.policy);
    assessment.statuses = (0,requirements/* checkRequirements */.z4)(assessment.policy, facts.arn, (0,requirements/* requirements */.Ln)({
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

;// CONCATENATED MODULE: ./src/kms/grant.ts



async function grantToRole(record, deps) {
    const { kms, log, timeline } = deps;
    const arn = record.facts.arn;
    const owner = record.facts.account ?? '?';
    if (deps.dryRun) {
        log.info(`dry-run: would create a grant on ${arn} (account ${owner}) for ${record.roleArn}.`);
        return 'dry-run';
    }
    try {
        record.grant = await createRoleGrant(kms, arn, record.roleArn);
    }
    catch (error) {
        // The owner's key policy refused it: a fact about the key, which the assessment now carries.
        const refusedByOwner = error instanceof errors/* PermissionError */.i_;
        if (refusedByOwner) {
            record.facts.ownerRefused = [...(record.facts.ownerRefused ?? []), 'kms:CreateGrant'];
            record.assessment = assessKey(record.facts, record.context);
        }
        const message = refusedByOwner
            ? `The key policy of account ${owner} refuses this account kms:CreateGrant on ${arn}: no grant for ${record.roleArn} can be created from here; account ${owner} must add the statement the fix gives.`
            : `Could not create a grant on ${arn} for ${record.roleArn}: ${(0,errors/* errorMessage */.gJ)(error)}.`;
        timeline.add('kms', 'grant-refused', message);
        log.warning(message);
        return 'refused';
    }
    const detail = `grant ${record.grant.id} (${record.grant.name}) on ${arn} of account ${owner} for ${record.roleArn}`;
    timeline.add('kms', 'grant-created', detail);
    log.info(`Created ${detail}.`);
    return 'created';
}
/**
 * The grant this run created, added to what a re-read saw when the owner's policy hides the grants
 * (ListGrants refused): KMS returned its id, so it is known to exist.
 */
function rememberGrant(record) {
    const { grant, facts } = record;
    if (!grant || !facts.grantsUnknown || facts.grants.some(g => g.GrantId === grant.id))
        return;
    facts.grants.push({
        GrantId: grant.id,
        Name: grant.name,
        GranteePrincipal: record.roleArn,
        Operations: [...model/* GRANT_OPERATIONS */.y]
    });
}

;// CONCATENATED MODULE: ./src/kms/merge.ts

function uniqueSid(policy, sid) {
    const taken = new Set(policy.Statement.map(s => s.Sid));
    if (!taken.has(sid))
        return sid;
    let n = 2;
    while (taken.has(`${sid}${n}`))
        n++;
    return `${sid}${n}`;
}
/**
 * Adds the statements whose requirement is missing, after every existing statement, which are
 * kept exactly as they were and in their order. A policy that already grants (or where the answer
 * is open or an explicit Deny decides) gets nothing added for that requirement.
 */
function mergeMissing(original, statuses, 
/** Also add the statements whose answer is "cannot tell" (deploy acting on launch failures). */
includeUnknown = false) {
    const present = new Set(original.Statement.map(s => (0,kms_document/* canonical */.$N)({ ...s, Sid: undefined })));
    const missing = statuses.filter(s => s.status === 'missing' ||
        // An undecided requirement gets its statement once: never a second copy under a new Sid.
        // Launch failures are evidence about the Auto Scaling role only: the cluster role's
        // statement is added only when the policy neither names that role nor delegates to IAM.
        (includeUnknown &&
            s.status === 'unknown' &&
            s.requirement.id !== 'cluster-secrets' &&
            !present.has((0,kms_document/* canonical */.$N)({ ...s.requirement.statement, Sid: undefined }))));
    if (missing.length === 0)
        return { changed: false, policy: original, text: (0,kms_document/* serialize */.lK)(original), added: [] };
    const policy = { ...original, Statement: [...original.Statement] };
    const added = [];
    for (const { requirement } of missing) {
        const statement = {
            ...requirement.statement,
            Sid: uniqueSid(policy, requirement.statement.Sid)
        };
        policy.Statement.push(statement);
        added.push(statement);
    }
    return { changed: true, policy, text: (0,kms_document/* serialize */.lK)(policy), added };
}

// EXTERNAL MODULE: ./node_modules/diff/libesm/patch/create.js + 2 modules
var create = __webpack_require__(9672);
;// CONCATENATED MODULE: ./src/kms/policy-text.ts
/**
 * The text of a patched key policy: the diff a reviewer reads, and the bytes KMS counts against
 * its quota. Both the dry run and the write show the same diff, so it is rendered in one place.
 */

/** The documented key policy size quota (32 KB); larger policies should use grants. */
const POLICY_SIZE_LIMIT = 32_768;
function policyDiff(keyArn, before, after) {
    return (0,create/* createTwoFilesPatch */.ss)(`${keyArn} (current)`, `${keyArn} (patched)`, before.endsWith('\n') ? before : before + '\n', after + '\n', '', '', { context: 3 });
}
/** What we send: the policy as we lay it out, or compact when only that fits (KMS counts the bytes sent). */
function policyToSend(policy, pretty) {
    const size = Buffer.byteLength(pretty, 'utf8');
    if (size <= POLICY_SIZE_LIMIT)
        return { text: pretty, size };
    // The 32 KB quota applies to the document as sent, whitespace included ("The policy size limit
    // is 32 KiB (32768 bytes)", PutKeyPolicy's Policy parameter:
    // https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html): indentation we
    // add must not be what pushes a policy over it.
    const compact = JSON.stringify(policy);
    return { text: compact, size: Buffer.byteLength(compact, 'utf8') };
}

;// CONCATENATED MODULE: ./src/retry.ts
/** One retry helper, with jittered exponential backoff and an injectable sleep, for every retry we make. */
/** `ms` spread by ±10 %, so many runs throttled together do not retry in step. */
function jittered(ms, random = Math.random) {
    return ms * (0.9 + 0.2 * random());
}
/** The wait before retry `attempt` (1-based): base × 2^(attempt−1), capped, jittered. */
function backoffDelay(attempt, options) {
    return jittered(Math.min(options.baseMs * 2 ** (attempt - 1), options.maxMs), options.random);
}
async function retry(fn, options) {
    for (let attempt = 1;; attempt++) {
        try {
            return await fn();
        }
        catch (error) {
            if (attempt >= options.attempts || !options.shouldRetry(error))
                throw error;
            const wait = backoffDelay(attempt, options);
            options.onRetry?.(error, wait, attempt);
            await options.sleep(wait);
        }
    }
}

;// CONCATENATED MODULE: ./src/kms/put-policy.ts
/**
 * The one PutKeyPolicy call of a patch round: retried only while KMS cannot see a role created
 * seconds ago, and its refusals told apart from a failure on the way, which may still have landed.
 */



/** KMS said no to the document itself: an outcome to report, not an error to retry or re-read. */
class RefusedByKms extends Error {
    refusal;
    constructor(message, refusal) {
        super(message);
        this.refusal = refusal;
    }
}
/** A write that failed on the way (timeout, reset) may still have landed: re-read, never assume. */
function mayHaveLanded(error) {
    if (error instanceof RefusedByKms ||
        error instanceof errors/* PermissionError */.i_ ||
        error instanceof errors/* ExpiredCredentialsError */.eB)
        return false;
    // Timeouts, resets and server errors: the request may have reached KMS and been applied.
    return ((0,errors/* isTransient */.dg)(error) ||
        /^(TimeoutError|AbortError|RequestTimeout\w*)$/.test((0,errors/* errorName */.Is)(error)) ||
        /ECONNRESET|ETIMEDOUT|EPIPE|socket hang up/.test((0,errors/* errorMessage */.gJ)(error)));
}
function isInvalidPrincipal(error) {
    return ((0,errors/* errorName */.Is)(error) === 'MalformedPolicyDocumentException' &&
        /invalid principals/i.test((0,errors/* errorMessage */.gJ)(error)));
}
async function putWithRetry(kms, keyArn, text, options) {
    try {
        // A role created seconds ago may not be visible to KMS yet: retry only that, and only then.
        await retry(() => 
        // BypassPolicyLockoutSafetyCheck is never set: KMS's own lockout check stays in force.
        (0,errors/* call */.T1)('kms:PutKeyPolicy', keyArn, () => kms.send(new client_kms_dist_cjs/* PutKeyPolicyCommand */.Ocb({ KeyId: keyArn, PolicyName: 'default', Policy: text }))), {
            attempts: options.roleJustCreated ? (options.principalRetries ?? 6) + 1 : 1,
            baseMs: 2000,
            maxMs: 30_000,
            shouldRetry: isInvalidPrincipal,
            sleep: options.sleep,
            onRetry: (error, wait) => options.log(`KMS does not see the new service-linked role yet (${(0,errors/* errorMessage */.gJ)(error)}); retrying in ${(wait / 1000).toFixed(1)}s.`)
        });
    }
    catch (error) {
        const message = (0,errors/* errorMessage */.gJ)(error);
        if ((0,errors/* errorName */.Is)(error) === 'MalformedPolicyDocumentException' &&
            /not allow you to update the key policy/i.test(message)) {
            throw new RefusedByKms(`KMS's lockout safety check rejected the patched policy of ${keyArn}: ${message}`, 'lockout');
        }
        if (isInvalidPrincipal(error)) {
            throw new RefusedByKms(`KMS rejected the patched policy of ${keyArn} because a principal does not exist: ${message}`, 'invalid-principal');
        }
        if ((0,errors/* errorName */.Is)(error) === 'LimitExceededException') {
            throw new RefusedByKms(`KMS rejected the patched policy of ${keyArn} as too large: ${message}`, 'too-large');
        }
        throw error;
    }
}

;// CONCATENATED MODULE: ./src/kms/patch-rounds.ts







function parse(text) {
    try {
        return (0,kms_document/* parseKeyPolicy */.LB)(text);
    }
    catch (error) {
        return error instanceof kms_document/* PolicyParseError */.y2 ? error : new kms_document/* PolicyParseError */.y2(String(error));
    }
}
function sidsOf(statements) {
    return statements.map(s => s.Sid ?? '(no Sid)').join(', ');
}
/** Statements of `a` that `b` does not hold as they are. */
function missingFrom(a, b) {
    return (0,kms_document/* lostStatements */.N_)(a, b);
}
async function patchKeyPolicy(kms, keyArn, needed, options) {
    const maxRounds = options.maxRounds ?? 5;
    let concurrentWrites = 0;
    const added = [];
    /** What the report says besides the result: other writers seen, writes whose fate was unclear. */
    const notes = [];
    const withNotes = (message) => [message, ...notes].join(' ');
    for (let round = 1; round <= maxRounds; round++) {
        const text = await readKeyPolicy(kms, keyArn);
        const policy = parse(text);
        if (policy instanceof kms_document/* PolicyParseError */.y2) {
            return {
                status: 'refused',
                added,
                message: withNotes(`${policy.message} Nothing was written.`),
                rounds: round,
                concurrentWrites,
                refusal: 'not-json'
            };
        }
        const merge = mergeMissing(policy, (0,requirements/* checkRequirements */.z4)(policy, keyArn, needed), options.includeUnknown);
        if (!merge.changed) {
            return added.length > 0
                ? {
                    status: 'written',
                    added,
                    message: withNotes(`Key policy of ${keyArn} now grants what Auto Scaling needs.`),
                    rounds: round,
                    concurrentWrites
                }
                : {
                    status: 'unchanged',
                    added,
                    message: withNotes(`Key policy of ${keyArn} already grants what Auto Scaling needs; nothing written.`),
                    rounds: round,
                    concurrentWrites
                };
        }
        // A statement of what we read that the patched policy does not hold would be somebody's
        // statement lost by us: stop before anything is sent, whatever the merge got wrong.
        const lostByUs = missingFrom(policy, merge.policy);
        if (lostByUs.length > 0) {
            throw new Error(`internal: the patched policy of ${keyArn} would drop ${sidsOf(lostByUs)}; nothing was written.`);
        }
        const orphans = (0,kms_document/* orphanedPrincipals */.Xj)(policy);
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
        const sent = policyToSend(merge.policy, merge.text);
        if (sent.size > POLICY_SIZE_LIMIT) {
            return {
                status: 'refused',
                added,
                message: `The patched key policy of ${keyArn} would be ${sent.size} bytes even without indentation, over the ${POLICY_SIZE_LIMIT}-byte key policy quota; create a grant for the Auto Scaling role instead. Nothing was written.`,
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
        // KMS has no conditional write (no ETag, no version to compare): re-read just before writing
        // so the window in which another writer's edit could be overwritten is one round trip.
        const latestText = await readKeyPolicy(kms, keyArn);
        if (latestText !== text) {
            concurrentWrites++;
            const latest = parse(latestText);
            const theirs = latest instanceof kms_document/* PolicyParseError */.y2 ? [] : missingFrom(latest, policy);
            const dropped = latest instanceof kms_document/* PolicyParseError */.y2 ? [] : missingFrom(policy, latest);
            const what = [
                theirs.length ? `added ${sidsOf(theirs)}` : '',
                dropped.length ? `dropped ${sidsOf(dropped)}` : ''
            ].filter(Boolean);
            const note = `The key policy of ${keyArn} changed between two of our reads${what.length ? ` (another writer ${what.join(' and ')})` : ''}; merged again instead of overwriting it.`;
            notes.push(note);
            options.log(note);
            continue;
        }
        let writeError;
        try {
            await putWithRetry(kms, keyArn, sent.text, options);
        }
        catch (error) {
            if (!mayHaveLanded(error))
                throw error;
            writeError = error;
        }
        // Read back at once, whatever the write answered: what is in force is what counts.
        const readBackText = await readKeyPolicy(kms, keyArn);
        const readBack = parse(readBackText);
        if (writeError !== undefined) {
            const landed = !(readBack instanceof kms_document/* PolicyParseError */.y2) && missingFrom(merge.policy, readBack).length === 0;
            const note = `PutKeyPolicy on ${keyArn} did not answer (${(0,errors/* errorMessage */.gJ)(writeError)}); the policy read back ${landed ? 'shows that the write landed' : 'shows that it did not land'}.`;
            notes.push(note);
            options.log(note);
        }
        if (readBack instanceof kms_document/* PolicyParseError */.y2)
            continue;
        if (writeError === undefined || missingFrom(merge.policy, readBack).length === 0)
            added.push(...merge.added.filter(s => !added.some(a => a.Sid === s.Sid)));
        const afterUs = missingFrom(readBack, merge.policy);
        const oursGone = missingFrom(merge.policy, readBack);
        if (afterUs.length > 0 || (writeError === undefined && oursGone.length > 0)) {
            concurrentWrites++;
            const note = `Another writer changed the key policy of ${keyArn} right after our write${afterUs.length ? ` (it added ${sidsOf(afterUs)})` : ''}${oursGone.length ? ` and dropped ${sidsOf(oursGone)}` : ''}; merging with its version.`;
            notes.push(note);
            options.log(note);
        }
        const stillMissing = (0,requirements/* checkRequirements */.z4)(readBack, keyArn, needed).some(s => s.status === 'missing');
        if (!stillMissing && writeError === undefined) {
            return {
                status: 'written',
                added,
                diff,
                message: withNotes(`Added ${added.map(s => s.Sid).join(', ')} to the key policy of ${keyArn}.`),
                rounds: round,
                concurrentWrites
            };
        }
    }
    return {
        status: 'refused',
        added,
        message: withNotes(`The key policy of ${keyArn} kept changing under us (${concurrentWrites} concurrent writes in ${maxRounds} rounds); stopped without overwriting the other writer.`),
        rounds: maxRounds,
        concurrentWrites,
        refusal: 'unresolved'
    };
}

;// CONCATENATED MODULE: ./src/kms/patch.ts


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

;// CONCATENATED MODULE: ./src/kms/reread.ts


async function rereadKeys(records, deps, nodegroup, 
/** The newest KMS launch failure's start: keys read since then already saw the key as it was. */
since) {
    for (const record of records) {
        if (!record.uses.some(u => u.nodegroup === nodegroup))
            continue;
        if (!record.facts.arn || record.assessment.causes.length > 0)
            continue;
        if ((record.readAt ?? 0) >= since)
            continue;
        const before = record.assessment.causes;
        const readBefore = record.readAt;
        record.facts = await inspectKey(deps.kms, record.facts.arn, record.roleArn, record.context.callerAccount);
        rememberGrant(record);
        record.assessment = assessKey(record.facts, record.context);
        record.readAt = deps.clock.now();
        const after = record.assessment.causes;
        if (after.join() === before.join())
            continue;
        const who = whoChanged(record, readBefore);
        record.changed = { at: record.readAt, before, after, readBefore, who };
        const detail = `key ${record.id} changed during the run: it passed every check when first read${readBefore !== undefined ? ` (${iso(readBefore)})` : ''}; read again after KMS launch failures of ${nodegroup} (${iso(record.readAt)}), it has ${after.join(', ')}. ${who}`;
        deps.timeline.add('kms', 'key-changed', detail, { nodegroup });
        deps.log.warning(detail);
    }
}
function iso(ms) {
    return new Date(ms).toISOString();
}
/** The CloudTrail events (eventSource kms.amazonaws.com) that make each kind of change. */
function changeEvents(causes) {
    if (causes.includes('kms-key-disabled'))
        return 'DisableKey';
    if (causes.includes('kms-key-pending-deletion'))
        return 'ScheduleKeyDeletion';
    if (causes.includes('kms-key-cross-account'))
        return 'RevokeGrant, RetireGrant or PutKeyPolicy';
    return 'PutKeyPolicy';
}
/**
 * Who changed it: nothing this run may read says so (KMS stores no author with a key policy or
 * state, and CloudTrail is outside the run's least-privilege permissions), so the run says where
 * the answer is: the key's CloudTrail events between the two reads, whose userIdentity names the
 * caller (https://docs.aws.amazon.com/kms/latest/developerguide/ct-put-key-policy.html).
 */
function whoChanged(record, readBefore) {
    const account = record.facts.account ?? record.context.callerAccount;
    const window = readBefore !== undefined && record.readAt !== undefined
        ? ` between ${iso(readBefore)} and ${iso(record.readAt)}`
        : '';
    return `This run cannot tell who changed it: the CloudTrail ${changeEvents(record.assessment.causes)} events of account ${account} for this key${window} name the caller.`;
}

;// CONCATENATED MODULE: ./src/kms/registry.ts









class KeyRegistry {
    deps;
    records = new Map();
    byReference = new Map();
    caches;
    policyChanged = false;
    constructor(deps) {
        this.deps = deps;
        this.caches = {
            ebsDefaults: new EbsDefaultsCache(deps.ec2),
            templates: new TemplateVersionCache(),
            amiKeys: new AmiKeysCache(deps.ec2, deps.log)
        };
    }
    warned = new Set();
    warnOnce(id, message) {
        if (this.warned.has(id))
            return;
        this.warned.add(id);
        this.deps.log.warning(message);
    }
    all() {
        return [...this.records.values()];
    }
    /** AMIs whose snapshots' key could not be read (and so was not checked). */
    unreadableImages() {
        return this.caches.amiKeys.unreadable;
    }
    /** Discovers, checks and fixes the keys a node group's launches use. */
    async checkNodegroup(state) {
        const templates = state.launchTemplate ? [state.launchTemplate] : [];
        let roleArn = this.deps.role().arn;
        for (const name of state.asgNames) {
            const group = state.asgs.get(name);
            const ref = asgLaunchTemplate(group);
            if (ref)
                templates.push(ref);
            // The role the group really launches with wins over the input, which can only guess it.
            if (group?.ServiceLinkedRoleARN) {
                if (this.deps.roleInput && group.ServiceLinkedRoleARN !== this.deps.roleInput)
                    this.warnOnce(`role|${name}`, `The autoscaling-role-arn input names ${this.deps.roleInput}, but Auto Scaling group ${name} launches with ${group.ServiceLinkedRoleARN}: its keys are checked for the role it uses.`);
                roleArn = group.ServiceLinkedRoleARN;
            }
        }
        this.forgetOtherRoles(state.name, roleArn);
        let uses;
        if (templates.length === 0) {
            // No launch template yet (EKS creates its own with the Auto Scaling group): only the account
            // default can apply, and only when encryption by default is on.
            const defaults = await this.caches.ebsDefaults.get();
            uses = defaults.encryptionByDefault
                ? [
                    {
                        nodegroup: state.name,
                        reference: defaults.defaultKeyId,
                        source: 'ebs-default',
                        why: `${(0,model/* launcherLabel */.t0)(state)} uses no launch template of its own and EBS encryption by default is on, so the account's default EBS key ${defaults.defaultKeyId} is used`
                    }
                ]
                : [];
        }
        else {
            uses = await discoverKeyUses(this.deps.ec2, state.name, templates, this.caches);
        }
        for (const use of uses)
            await this.check(state.selfManaged ? { ...use, selfManaged: true } : use, roleArn);
    }
    /**
     * The node group's launches use one role: checks made for another (the input's guess, before
     * its Auto Scaling group was known) no longer speak for this node group.
     */
    forgetOtherRoles(nodegroup, roleArn) {
        for (const [id, record] of this.records) {
            if (record.roleArn === roleArn)
                continue;
            record.uses = record.uses.filter(u => u.nodegroup !== nodegroup);
            if (record.uses.length > 0)
                continue;
            this.records.delete(id);
            for (const [reference, known] of this.byReference)
                if (known === record)
                    this.byReference.delete(reference);
        }
    }
    /** Inspects, assesses and (when planned) fixes one key use; a key is read once per role. */
    async check(use, roleArn) {
        const { kms, log, timeline } = this.deps;
        const identity = this.deps.identity();
        const known = this.byReference.get(`${use.reference}|${roleArn}`);
        if (known) {
            if (!known.uses.some(u => u.nodegroup === use.nodegroup && u.reference === use.reference))
                known.uses.push(use);
            return known;
        }
        const facts = await inspectKey(kms, use.reference, roleArn, identity.account);
        const id = facts.arn ?? use.reference;
        const existing = this.records.get(`${id}|${roleArn}`);
        if (existing) {
            existing.uses.push(use);
            this.byReference.set(`${use.reference}|${roleArn}`, existing);
            return existing;
        }
        const cluster = this.deps.cluster();
        const role = this.deps.role();
        const secretsKey = facts.arn !== undefined && facts.arn === cluster?.secretsKeyArn;
        const context = {
            callerAccount: identity.account,
            region: this.deps.region,
            autoscalingRoleArn: roleArn,
            autoscalingRoleExists: roleArn === role.arn ? role.exists : true,
            clusterRoleArn: secretsKey ? cluster?.roleArn : undefined
        };
        const record = {
            id,
            facts,
            assessment: assessKey(facts, context),
            uses: [use],
            roleArn,
            context,
            secretsKey,
            readAt: this.deps.clock.now()
        };
        this.records.set(`${id}|${roleArn}`, record);
        this.byReference.set(`${use.reference}|${roleArn}`, record);
        const verdict = record.assessment.causes.length
            ? `problems: ${record.assessment.causes.join(', ')}`
            : record.assessment.crossAccount && facts.grantsUnknown
                ? `no problem found, but account ${facts.account}'s key policy hides its grants: failed launches will decide whether the Auto Scaling role has one`
                : 'no problem found';
        timeline.add('kms', 'key-checked', `key ${id} (${facts.state ?? 'not found'}, ${facts.manager ?? '?'}) used by ${use.nodegroup}: ${verdict}`, { nodegroup: use.nodegroup !== model/* INPUT_NODEGROUP */.je ? use.nodegroup : undefined });
        log.info(`Key ${id}: ${use.why}; ${verdict}.`);
        const action = planKeyAction(record, this.deps.permission);
        if (action === 'none' &&
            writeMode(this.deps.permission) === 'write' &&
            facts.manager === 'CUSTOMER' &&
            record.assessment.causes.length === 0 &&
            !record.assessment.crossAccount) {
            timeline.add('kms', 'policy-unchanged', `the policy of ${id} already grants what Auto Scaling needs; nothing written`);
        }
        if (action === 'patch')
            await this.patch(record);
        if (action === 'grant')
            await this.grant(record);
        return record;
    }
    /**
     * The key was just fixed (by us or by another writer): failures before now plus the grace are
     * history, and the checks start again from what KMS now stores, not from what we meant to write.
     */
    async fixed(record) {
        record.patchedAt = this.deps.clock.now();
        record.facts = await inspectKey(this.deps.kms, record.facts.arn, record.roleArn, record.context.callerAccount);
        rememberGrant(record);
        record.assessment = assessKey(record.facts, record.context);
        record.readAt = this.deps.clock.now();
    }
    /** KMS launch failures of this node group started after its keys' last read: read them again. */
    async rereadAfterKmsFailures(nodegroup, since) {
        await rereadKeys(this.all(), this.deps, nodegroup, since);
    }
    /** A grant to the role, created from this account (which the key's owner must allow). */
    async grant(record) {
        const dryRun = writeMode(this.deps.permission) === 'dry-run';
        // A grant is not a key policy write (policy-changed stays false), but it needs the same grace.
        if ((await grantToRole(record, { ...this.deps, dryRun })) === 'created')
            await this.fixed(record);
    }
    /**
     * Launches of this node group fail with a KMS error: a key whose policy's answer for the role
     * was "cannot tell" gets the documented statements now (once), as the plan allows.
     */
    async actOnKmsFailures(nodegroup) {
        for (const record of this.all()) {
            if (!record.uses.some(u => u.nodegroup === nodegroup) || record.patch)
                continue;
            if (planKeyAction(record, this.deps.permission, { kmsLaunchFailures: true }) !== 'patch-unknown')
                continue;
            this.deps.log.warning(`Launches of ${nodegroup} fail with a KMS error and the policy of ${record.id} could not be decided for the Auto Scaling role: adding the documented statements.`);
            await this.patch(record, true);
        }
    }
    async patch(record, includeUnknown = false) {
        const { kms, log, timeline, clock } = this.deps;
        const needed = (0,requirements/* requirements */.Ln)({
            autoscalingRoleArn: record.roleArn,
            region: this.deps.region,
            account: record.context.callerAccount,
            clusterRoleArn: record.context.clusterRoleArn
        });
        const patch = await patchKeyPolicySafely(kms, record.facts.arn, needed, {
            dryRun: writeMode(this.deps.permission) === 'dry-run',
            sleep: ms => clock.sleep(ms, this.deps.signal),
            log: line => log.warning(line),
            roleJustCreated: this.deps.roleJustCreated(),
            includeUnknown
        });
        record.patch = patch;
        if (patch.status === 'written') {
            this.policyChanged = true;
            timeline.add('kms', 'policy-patched', patch.message);
            log.info(patch.message);
            await this.fixed(record);
        }
        else if (patch.status === 'dry-run') {
            timeline.add('kms', 'policy-dry-run', patch.message);
            log.info(`${patch.message}\n${patch.diff ?? ''}`);
        }
        else if (patch.status === 'unchanged') {
            // We saw the grant missing, and now it is there: another writer fixed it just now, which
            // counts like our own patch (earlier failures are history, propagation needs its grace).
            timeline.add('kms', 'policy-unchanged', `${patch.message} (another writer added the grant meanwhile)`);
            await this.fixed(record);
        }
        else {
            timeline.add('kms', 'policy-refused', patch.message);
            log.warning(patch.message);
        }
    }
}

;// CONCATENATED MODULE: ./src/watch/loop.ts
/**
 * The watch loop only schedules: poll, ask the verdict, sleep. Like the SDK's generated waiters,
 * the decision (src/verdict) is a pure function over what was observed, kept apart from the loop
 * and its delays. Errors become observations: throttling slows the loop, anything else ends it
 * with a verdict that keeps the report.
 */


/** The slowest the loop gets under throttling, as a multiple of the poll interval. */
const MAX_BACKOFF = 4;
/** An error that ended the run, as the verdict sees it. */
function runError(error) {
    if (error instanceof errors/* PermissionError */.i_)
        return {
            kind: 'permission',
            message: error.message,
            action: error.action,
            resource: error.resource
        };
    if (error instanceof errors/* ExpiredCredentialsError */.eB)
        return { kind: 'credentials', message: error.message };
    return { kind: 'unexpected', message: (0,errors/* errorMessage */.gJ)(error) };
}
/** What an aborted run signal means: the runner's cancel, or the deadline (reason 'timeout'). */
function stoppedBy(signal) {
    const aborted = signal?.aborted === true;
    return {
        cancelled: aborted && signal.reason !== 'timeout',
        deadlineReached: aborted && signal.reason === 'timeout'
    };
}
async function watchUntilVerdict(options) {
    const { clock, signal } = options;
    const random = options.random ?? Math.random;
    const cancelled = () => stoppedBy(signal).cancelled;
    const expired = () => clock.now() >= options.deadline || stoppedBy(signal).deadlineReached;
    let backoff = 1;
    for (;;) {
        let error;
        if (!signal?.aborted) {
            try {
                const { throttled } = await options.poll();
                // Slow down once per poll that AWS throttled; recover gradually on clean polls.
                backoff = throttled ? Math.min(backoff * 1.5, MAX_BACKOFF) : Math.max(1, backoff / 1.5);
            }
            catch (caught) {
                // An in-flight call cut short by our own cancellation or deadline is not an AWS failure.
                if (!signal?.aborted) {
                    if (caught instanceof errors/* PermissionError */.i_ || !(0,errors/* isTransient */.dg)(caught))
                        error = runError(caught);
                    else {
                        backoff = Math.min(backoff * 2, MAX_BACKOFF);
                        options.warn(`AWS is throttling or failing (${(0,errors/* errorMessage */.gJ)(caught)}); polling every ${((options.pollIntervalMs * backoff) / 1000).toFixed(1)}s for now.`);
                    }
                }
            }
        }
        const flags = { cancelled: cancelled(), deadlineReached: expired(), error };
        const verdict = options.decide(flags);
        if (verdict)
            return verdict;
        if (flags.cancelled || flags.deadlineReached || error) {
            // decideVerdict always answers these; a verdict of last resort keeps the loop finite.
            return {
                result: 'timeout',
                cancelled: flags.cancelled,
                message: error?.message ?? 'The watch ended without a verdict.',
                decidedAt: clock.now()
            };
        }
        options.progress?.();
        const wait = jittered(options.pollIntervalMs * backoff, random);
        await clock.sleep(Math.min(wait, Math.max(0, options.deadline - clock.now())), signal);
    }
}

// EXTERNAL MODULE: ./src/verdict/history.ts
var verdict_history = __webpack_require__(269);
;// CONCATENATED MODULE: ./src/guard/evidence.ts

class KmsEvidence {
    registry;
    work;
    mayWrite;
    /** The newest KMS launch failure per node group a key re-read was queued for. */
    rereadFor = new Map();
    actedOn = new Set();
    constructor(registry, work, 
    /** deploy may write: an undecided key gets the statements on evidence. */
    mayWrite) {
        this.registry = registry;
        this.work = work;
        this.mayWrite = mayWrite;
    }
    act(observation, states) {
        for (const state of states) {
            const failures = (0,verdict_history/* decidingFailures */.l)(observation, state).filter(a => a.pattern?.rootCause === 'key-check');
            if (failures.length === 0)
                continue;
            const newest = Math.max(...failures.map(a => a.start.getTime()));
            if (newest > (this.rereadFor.get(state.name) ?? Number.NEGATIVE_INFINITY)) {
                this.rereadFor.set(state.name, newest);
                this.work.enqueue(state.name, () => this.registry.rereadAfterKmsFailures(state.name, newest));
            }
            if (!this.mayWrite() || this.actedOn.has(state.name))
                continue;
            this.actedOn.add(state.name);
            this.work.enqueue(state.name, () => this.registry.actOnKmsFailures(state.name));
        }
    }
}

;// CONCATENATED MODULE: ./src/guard/key-work.ts
/**
 * Key work (discovery, checks, patches) as a step the watch schedules and does not wait for, so
 * a policy write with its role-propagation retries never stops other node groups' polls. Work for
 * one node group runs in order; the verdict waits where it needs the answer.
 */

class KeyWork {
    check;
    isTransient;
    running = new Map();
    seen = new Map();
    failure;
    /** Node groups whose last work hit throttling or a 5xx: done again at the next poll. */
    retry = new Set();
    constructor(check, 
    /** Errors that pass (throttling, 5xx): the work is retried, the run goes on. */
    isTransient = () => false) {
        this.check = check;
        this.isTransient = isTransient;
    }
    /** Starts work for every node group whose launch configuration changed since the last look. */
    schedule(states) {
        if (this.failure)
            return;
        for (const state of states) {
            if (!state.exists)
                continue;
            const refs = [state.launchTemplate, ...(0,model/* nextTemplates */.FN)(state)];
            const signature = [
                // The versions it launches from and is about to; a new update looks again whatever its target.
                ...refs.map(ref => (ref ? `${ref.id ?? ref.name}@${ref.version}` : '')),
                (0,model/* activeUpdate */.uX)(state)?.id ?? '',
                ...state.asgNames.map(name => {
                    const group = state.asgs.get(name);
                    const spec = group?.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification ??
                        group?.LaunchTemplate;
                    return `${name}:${spec?.LaunchTemplateId ?? spec?.LaunchTemplateName ?? ''}@${spec?.Version ?? ''}`;
                })
            ].join('|');
            if (this.seen.get(state.name) === signature && !this.retry.has(state.name))
                continue;
            this.seen.set(state.name, signature);
            this.retry.delete(state.name);
            this.enqueue(state.name, () => this.check(state));
        }
    }
    /** Runs more key work for a node group, after what is already queued for it. */
    enqueue(nodegroup, work) {
        if (this.failure)
            return;
        const before = this.running.get(nodegroup) ?? Promise.resolve();
        const next = before
            .then(work)
            .catch(error => {
            if (this.isTransient(error))
                this.retry.add(nodegroup);
            else
                this.failure ??= error;
        })
            .finally(() => {
            if (this.running.get(nodegroup) === next)
                this.running.delete(nodegroup);
        });
        this.running.set(nodegroup, next);
    }
    /** Node groups with work in flight. */
    pending() {
        return [...new Set([...this.running.keys(), ...this.retry])];
    }
    /** Waits for the work in flight of these node groups. */
    async settledFor(nodegroups) {
        await Promise.all(nodegroups.map(name => this.running.get(name)));
    }
    /** Waits for all work in flight. */
    async settled() {
        await Promise.all(this.running.values());
    }
    /** The first error key work hit (an AccessDenied ends the run with its own verdict). */
    error() {
        return this.failure;
    }
}

// EXTERNAL MODULE: ./src/kms/launchers.ts
var launchers = __webpack_require__(3404);
;// CONCATENATED MODULE: ./src/launchers/assess.ts
/**
 * A key as a launcher's role meets it: the key's own facts (found, state, spec) as for any launch,
 * then the launcher's requirements (src/kms/launchers.ts) in place of the Auto Scaling role's.
 * Where the key policy grants only through the account root statement, the role's IAM policies
 * decide (KMS: "the key policy must allow, directly or by delegating to IAM, and then IAM must
 * allow", https://docs.aws.amazon.com/kms/latest/developerguide/determining-access.html). Pure.
 */




/** Conclusions of the Auto Scaling view that say nothing of a launcher's role. */
const AUTOSCALING_ONLY = new Set([
    'kms-policy-missing-autoscaling-role',
    'autoscaling-role-missing',
    'kms-key-explicit-deny'
]);
/**
 * `iamAllowed`: the KMS actions the role's IAM policies allow on this key (SimulatePrincipalPolicy),
 * or undefined when they were not read (then a delegated requirement is "cannot tell").
 */
function assessLauncherKey(facts, context, principal, iamAllowed) {
    const base = assessKey(facts, { ...context, autoscalingRoleExists: true });
    const assessment = {
        ...base,
        causes: base.causes.filter(c => !AUTOSCALING_ONLY.has(c)),
        statuses: [],
        ruledOut: base.ruledOut.filter(r => !/Auto Scaling/.test(r)),
        openQuestions: base.openQuestions.filter(q => !/Auto Scaling role/.test(q))
    };
    const delegated = [];
    const policy = base.policy;
    if (!policy || facts.manager === 'AWS' || base.crossAccount || !facts.arn)
        return { assessment, delegated };
    const label = `${model/* LAUNCHER_LABEL */.w$[principal.launcher]}'s role ${principal.roleArn}`;
    const needed = (0,launchers/* launcherRequirements */.hm)({
        principal,
        region: context.region,
        account: context.callerAccount
    });
    const direct = (0,requirements/* checkRequirements */.z4)(policy, facts.arn, needed.map(r => ({ ...r, identityMayGrant: false })));
    const viaAccount = (0,requirements/* checkRequirements */.z4)(policy, facts.arn, needed);
    for (const [i, requirement] of needed.entries()) {
        const what = requirement.id === 'launcher-grants' ? 'kms:CreateGrant for AWS resources' : 'key use for EBS';
        let status = direct[i];
        if (direct[i].status === 'denied' || viaAccount[i].status === 'denied') {
            status = direct[i].status === 'denied' ? direct[i] : viaAccount[i];
            assessment.causes.push('kms-key-explicit-deny');
        }
        else if (direct[i].status === 'granted') {
            assessment.ruledOut.push(`the key policy grants ${label} ${what}`);
        }
        else if (viaAccount[i].status === 'granted') {
            delegated.push(requirement.id);
            const actions = requirement.requests.map(r => r.action);
            if (!iamAllowed) {
                status = { ...viaAccount[i], status: 'unknown' };
                assessment.openQuestions.push(`whether the IAM policies of ${label} allow ${what} (the key policy leaves it to the account)`);
            }
            else if (actions.every(a => iamAllowed.has(a))) {
                status = viaAccount[i];
                assessment.ruledOut.push(`the key policy delegates to the account and the IAM policies of ${label} allow ${what}`);
            }
            else {
                status = { ...viaAccount[i], status: 'missing' };
            }
        }
        else if (direct[i].status === 'unknown' || viaAccount[i].status === 'unknown') {
            status = direct[i].status === 'unknown' ? direct[i] : viaAccount[i];
            assessment.openQuestions.push(`whether the key policy grants ${label} ${what}: ${status.reasons.join('; ') || 'a statement this action cannot evaluate'}`);
        }
        assessment.statuses.push(status);
    }
    const missing = assessment.statuses.some(s => s.status === 'missing');
    if (missing && !assessment.grantCovers)
        assessment.causes.push(model/* LAUNCHER_CAUSES */.e5[principal.launcher]);
    else if (missing)
        assessment.ruledOut.push(`a grant lets ${principal.roleArn} use the key`);
    if (!assessment.causes.includes('kms-key-explicit-deny'))
        assessment.ruledOut.push(`no Deny statement of the key policy blocks ${label}`);
    assessment.causes = [...new Set(assessment.causes)];
    return { assessment, delegated };
}

;// CONCATENATED MODULE: ./src/launchers/reads.ts
/**
 * What AWS alone shows of Karpenter and EKS Auto Mode: their instances (by the tags they set),
 * Karpenter's launch templates and controller role, and what a role's IAM policies allow on a key.
 * No Kubernetes access: the NodeClass objects that hold the keys are not read.
 */





/**
 * The tags each launcher puts on its instances (reference karpenter-automode §1.3: Karpenter's
 * GetTags() @ v1.14.1; §2.4: Auto Mode's, required by AmazonEKSComputePolicy's request-tag
 * conditions). The node pool tag tells a launcher's instances from any other of the cluster.
 */
const LAUNCHER_TAGS = {
    karpenter: { nodePool: 'karpenter.sh/nodepool', nodeClass: 'karpenter.k8s.aws/ec2nodeclass' },
    'auto-mode': {
        nodePool: 'eks:kubernetes-node-pool-name',
        nodeClass: 'eks:kubernetes-node-class-name'
    }
};
/**
 * The cluster's instances of one launcher, every state. Auto Mode's are EC2 managed instances,
 * hidden from DescribeInstances unless IncludeManagedResources is true
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstances.html). Terminated
 * instances are listed only for a while ("usually less than one hour", same page).
 */
async function readLauncherInstances(ec2, clusterName, launcher, now, signal) {
    const tags = LAUNCHER_TAGS[launcher];
    const filters = [
        { Name: 'tag:eks:eks-cluster-name', Values: [clusterName] },
        { Name: 'tag-key', Values: [tags.nodePool] }
    ];
    const found = [];
    let NextToken;
    do {
        const page = await (0,errors/* call */.T1)('ec2:DescribeInstances', undefined, () => ec2.send(new client_ec2_dist_cjs/* DescribeInstancesCommand */.bNs({
            Filters: filters,
            NextToken,
            IncludeManagedResources: launcher === 'auto-mode' ? true : undefined
        }), { abortSignal: signal }));
        for (const instance of (page.Reservations ?? []).flatMap(r => r.Instances ?? [])) {
            const tag = (key) => instance.Tags?.find(t => t.Key === key)?.Value;
            found.push({
                instanceId: instance.InstanceId ?? '',
                state: instance.State?.Name ?? 'unknown',
                reasonCode: instance.StateReason?.Code,
                reasonMessage: instance.StateReason?.Message,
                launchedAt: instance.LaunchTime?.getTime(),
                nodePool: tag(tags.nodePool),
                nodeClass: tag(tags.nodeClass),
                seenAt: now
            });
        }
        NextToken = page.NextToken;
    } while (NextToken);
    return found;
}
/**
 * The keys of Karpenter's own launch templates (karpenter.k8s.aws/<hash>, tagged with the cluster
 * and the EC2NodeClass: reference §1.3, launchtemplate.go @ v1.14.1): what it really launches with.
 * A mapping with `encrypted` and no key uses the account default EBS key ('default').
 */
async function readKarpenterTemplateKeys(ec2, clusterName, signal) {
    const listed = await (0,errors/* call */.T1)('ec2:DescribeLaunchTemplates', undefined, () => ec2.send(new client_ec2_dist_cjs/* DescribeLaunchTemplatesCommand */.fmI({
        Filters: [
            { Name: 'tag:eks:eks-cluster-name', Values: [clusterName] },
            { Name: 'tag-key', Values: [LAUNCHER_TAGS.karpenter.nodeClass] }
        ]
    }), { abortSignal: signal }));
    const templates = [];
    const keys = new Set();
    let usesDefault = false;
    for (const template of listed.LaunchTemplates ?? []) {
        const id = template.LaunchTemplateId;
        templates.push(template.LaunchTemplateName ?? id);
        const versions = await (0,errors/* call */.T1)('ec2:DescribeLaunchTemplateVersions', id, () => ec2.send(new client_ec2_dist_cjs/* DescribeLaunchTemplateVersionsCommand */.Ptd({
            LaunchTemplateId: id,
            Versions: ['$Latest']
        }), { abortSignal: signal }));
        for (const version of versions.LaunchTemplateVersions ?? [])
            for (const mapping of version.LaunchTemplateData?.BlockDeviceMappings ?? []) {
                if (mapping.Ebs?.KmsKeyId)
                    keys.add(mapping.Ebs.KmsKeyId);
                else if (mapping.Ebs?.Encrypted)
                    usesDefault = true;
            }
    }
    return { templates, keys: [...keys], usesDefault };
}
/**
 * Karpenter's controller role from the cluster's Pod Identity associations: the service account
 * named karpenter (the Helm chart's and the community module's default, in kube-system).
 */
async function readKarpenterPodIdentityRole(eks, clusterName, signal) {
    const listed = await (0,errors/* call */.T1)('eks:ListPodIdentityAssociations', clusterName, () => eks.send(new client_eks_dist_cjs/* ListPodIdentityAssociationsCommand */.pp8({ clusterName, serviceAccount: 'karpenter' }), {
        abortSignal: signal
    }));
    const association = listed.associations?.[0];
    if (!association?.associationId)
        return undefined;
    const described = await (0,errors/* call */.T1)('eks:DescribePodIdentityAssociation', clusterName, () => eks.send(new client_eks_dist_cjs/* DescribePodIdentityAssociationCommand */.$tu({
        clusterName,
        associationId: association.associationId
    }), { abortSignal: signal }));
    return described.association?.roleArn;
}
/**
 * The KMS actions the role's IAM policies allow on the key, in EBS's request context.
 * SimulatePrincipalPolicy rather than reading the role's policies: IAM evaluates every policy
 * attached to the role (inline, managed, its permissions boundary) in one call, with its own
 * condition engine, where reading would take five APIs (ListRolePolicies, GetRolePolicy,
 * ListAttachedRolePolicies, GetPolicy, GetPolicyVersion) and our own evaluation of each
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html).
 * Service control policies are not part of it.
 */
async function simulateRoleKeyUse(iam, roleArn, keyArn, region, account) {
    // EBS's request context; kms:GrantIsForAWSResource is a boolean key.
    const context = {
        'kms:ViaService': `ec2.${region}.amazonaws.com`,
        'kms:CallerAccount': account,
        'kms:GrantIsForAWSResource': 'true'
    };
    const ContextEntries = Object.entries(context).map(([name, value]) => ({
        ContextKeyName: name,
        ContextKeyValues: [value],
        ContextKeyType: name === 'kms:GrantIsForAWSResource' ? 'boolean' : 'string'
    }));
    const response = await (0,errors/* call */.T1)('iam:SimulatePrincipalPolicy', roleArn, () => iam.send(new client_iam_dist_cjs/* SimulatePrincipalPolicyCommand */.kUw({
        PolicySourceArn: roleArn,
        ActionNames: [...launchers/* LAUNCHER_USE_ACTIONS */.r5, 'kms:CreateGrant'],
        ResourceArns: [keyArn],
        ContextEntries
    })));
    return new Set((response.EvaluationResults ?? [])
        .filter(r => r.EvalDecision === 'allowed')
        .map(r => r.EvalActionName));
}

;// CONCATENATED MODULE: ./src/launchers/keys.ts







/** Assesses the key for the principal, simulating its IAM policies when the key delegates. */
async function assess(deps, record, principal) {
    const { facts, context } = record;
    const first = assessLauncherKey(facts, context, principal);
    let assessment = first.assessment;
    const delegated = first.delegated;
    record.iamMissing = undefined;
    if (delegated.length > 0 && facts.arn) {
        const allowed = await simulateRoleKeyUse(deps.iam, principal.roleArn, facts.arn, deps.region, context.callerAccount);
        assessment = assessLauncherKey(facts, context, principal, allowed).assessment;
        const missing = [...launchers/* LAUNCHER_USE_ACTIONS */.r5, 'kms:CreateGrant'].filter(a => !allowed.has(a));
        if (missing.length)
            record.iamMissing = missing;
    }
    record.assessment = assessment;
}
async function checkLauncherKey(deps, principal, use) {
    const account = deps.account();
    const facts = await inspectKey(deps.kms, use.reference, principal.roleArn, account);
    const context = {
        callerAccount: account,
        region: deps.region,
        autoscalingRoleArn: principal.roleArn,
        autoscalingRoleExists: true
    };
    const record = {
        id: facts.arn ?? use.reference,
        facts,
        assessment: {
            facts,
            causes: [],
            statuses: [],
            orphans: [],
            grantCovers: false,
            crossAccount: false,
            ruledOut: [],
            openQuestions: []
        },
        uses: [use],
        roleArn: principal.roleArn,
        context,
        secretsKey: false,
        readAt: deps.clock.now(),
        launcher: principal
    };
    await assess(deps, record, principal);
    const verdict = record.assessment.causes.length
        ? `problems: ${record.assessment.causes.join(', ')}`
        : 'no problem found';
    deps.timeline.add('kms', 'key-checked', `key ${record.id} (${facts.state ?? 'not found'}, ${facts.manager ?? '?'}) used by ${(0,model/* launcherUseName */.Hy)(principal.launcher)}: ${verdict}`);
    deps.log.info(`Key ${record.id}: ${use.why}; checked for ${principal.roleArn}; ${verdict}.`);
    if (shouldPatch(record, deps.permission))
        await patch(deps, record, principal);
    return record;
}
/** Patch only when the launcher's missing access is the whole problem (as plan.ts for node groups). */
function shouldPatch(record, permission) {
    if (writeMode(permission) === 'none' || !record.launcher)
        return false;
    const { assessment, facts } = record;
    return (facts.manager === 'CUSTOMER' &&
        !assessment.crossAccount &&
        facts.arn !== undefined &&
        assessment.causes.length === 1 &&
        assessment.causes[0] === model/* LAUNCHER_CAUSES */.e5[record.launcher.launcher]);
}
/**
 * Adds the statements not granted yet. A delegation to the account that the role's IAM policy does
 * not use is no grant: the statements name the role, so the key policy alone lets it use the key.
 */
async function patch(deps, record, principal) {
    const granted = new Set(record.assessment.statuses.filter(s => s.status === 'granted').map(s => s.requirement.id));
    const needed = (0,launchers/* launcherRequirements */.hm)({
        principal,
        region: deps.region,
        account: record.context.callerAccount
    })
        .filter(r => !granted.has(r.id))
        .map(r => ({ ...r, identityMayGrant: false }));
    const outcome = await patchKeyPolicySafely(deps.kms, record.facts.arn, needed, {
        dryRun: writeMode(deps.permission) === 'dry-run',
        sleep: ms => deps.clock.sleep(ms, deps.signal),
        log: line => deps.log.warning(line)
    });
    record.patch = outcome;
    const label = model/* LAUNCHER_LABEL */.w$[principal.launcher];
    if (outcome.status === 'written' || outcome.status === 'unchanged') {
        deps.timeline.add('kms', outcome.status === 'written' ? 'policy-patched' : 'policy-unchanged', `${outcome.message} (${label})`);
        deps.log.info(outcome.message);
        record.patchedAt = deps.clock.now();
        record.facts = await inspectKey(deps.kms, record.facts.arn, principal.roleArn, record.context.callerAccount);
        record.readAt = deps.clock.now();
        await assess(deps, record, principal);
    }
    else if (outcome.status === 'dry-run') {
        deps.timeline.add('kms', 'policy-dry-run', outcome.message);
        deps.log.info(`${outcome.message}\n${outcome.diff ?? ''}`);
    }
    else {
        deps.timeline.add('kms', 'policy-refused', outcome.message);
        deps.log.warning(outcome.message);
    }
}

;// CONCATENATED MODULE: ./src/launchers/watch.ts





class LauncherWatch {
    deps;
    states = new Map();
    keys = [];
    ebsDefaults;
    karpenterLooked = false;
    /** Key references already checked, per launcher. */
    checked = new Set();
    constructor(deps) {
        this.deps = deps;
        this.ebsDefaults = new EbsDefaultsCache(deps.ec2);
    }
    get policyChanged() {
        return this.keys.some(k => k.patch?.status === 'written');
    }
    /** One poll: find the launchers (once), check their keys, read their instances. */
    async poll(cluster) {
        if (!cluster)
            return;
        if (cluster.autoMode && !this.states.has('auto-mode'))
            this.states.set('auto-mode', {
                ...newState('auto-mode', 'DescribeCluster computeConfig.enabled'),
                roleArn: cluster.roleArn,
                roleSource: 'cluster'
            });
        if (!this.karpenterLooked)
            await this.findKarpenter();
        for (const state of this.states.values()) {
            await this.readInstances(state);
            if (state.roleArn)
                await this.checkKeys(state);
            state.pending = false;
        }
    }
    /**
     * Karpenter: the input names its role; else a Pod Identity association of service account
     * karpenter; else its tagged instances or launch templates show it is there (role unknown).
     * An account whose role may not make these reads is told so once, not failed: most clusters
     * have no Karpenter.
     */
    async findKarpenter() {
        const { deps } = this;
        this.karpenterLooked = true;
        const input = deps.karpenterRoleArn;
        try {
            const roleArn = input ?? (await readKarpenterPodIdentityRole(deps.eks, deps.clusterName, deps.signal));
            if (roleArn) {
                this.states.set('karpenter', {
                    ...newState('karpenter', input
                        ? 'the karpenter-role-arn input'
                        : 'Pod Identity association kube-system/karpenter'),
                    roleArn,
                    roleSource: input ? 'input' : 'pod-identity'
                });
                return;
            }
            const now = deps.clock.now();
            const instances = await readLauncherInstances(deps.ec2, deps.clusterName, 'karpenter', now, deps.signal);
            const templates = await readKarpenterTemplateKeys(deps.ec2, deps.clusterName, deps.signal);
            if (instances.length === 0 && templates.templates.length === 0)
                return;
            this.states.set('karpenter', {
                ...newState('karpenter', instances.length
                    ? 'instances tagged karpenter.sh/nodepool'
                    : 'launch templates tagged karpenter.k8s.aws/ec2nodeclass'),
                unchecked: `Karpenter launches nodes for cluster ${deps.clusterName}, but its controller role was not found (no Pod Identity association for service account karpenter): set karpenter-role-arn to check its keys.`
            });
            deps.log.warning(this.states.get('karpenter').unchecked);
        }
        catch (error) {
            if (!(error instanceof errors/* PermissionError */.i_) || input)
                throw error;
            deps.log.warning(`Could not look for Karpenter on cluster ${deps.clusterName}: ${(0,errors/* errorMessage */.gJ)(error)}. Grant the launcher reads (README: IAM permissions) or set karpenter-role-arn.`);
        }
    }
    /** The keys to check, each with the source it was read from (said in the report). */
    async keyUses(state) {
        const { deps } = this;
        const nodegroup = (0,model/* launcherUseName */.Hy)(state.launcher);
        const uses = [];
        const add = (source, reference, why) => {
            uses.push({ nodegroup, reference, source, why });
            if (!state.keySources.some(s => s.source === source && s.detail === why))
                state.keySources.push({ source, detail: why });
        };
        const defaults = async (why) => {
            const { defaultKeyId } = await this.ebsDefaults.get();
            add('ebs-default', defaultKeyId, `${why}: the account's default EBS key ${defaultKeyId}`);
        };
        if (state.launcher === 'karpenter') {
            const found = await readKarpenterTemplateKeys(deps.ec2, deps.clusterName, deps.signal);
            for (const key of found.keys)
                add('launch-template', key, `Karpenter's launch template${found.templates.length > 1 ? 's' : ''} ${found.templates.join(', ')} name${found.templates.length > 1 ? '' : 's'} it`);
            if (found.usesDefault)
                await defaults(`Karpenter's launch templates encrypt a volume without naming a key`);
            if (found.templates.length > 0)
                return uses;
        }
        for (const reference of deps.kmsKeyIds)
            add('input', reference, `named in the kms-key-ids input`);
        if (uses.length > 0)
            return uses;
        // Karpenter's default block devices are encrypted with no key; Auto Mode's built-in NodeClass
        // names none: EBS then uses the account's default key (reference §1.3, §2.2).
        await defaults(state.launcher === 'karpenter'
            ? 'Karpenter has launched nothing yet and no kms-key-ids input names its EC2NodeClass key; its default volumes are encrypted'
            : "the EKS API does not show a NodeClass's key and no kms-key-ids input names one; Auto Mode's built-in NodeClass uses");
        return uses;
    }
    async checkKeys(state) {
        const principal = { launcher: state.launcher, roleArn: state.roleArn };
        for (const use of await this.keyUses(state)) {
            const id = `${state.launcher}|${use.reference}`;
            if (this.checked.has(id))
                continue;
            this.checked.add(id);
            const record = await checkLauncherKey(this.deps, principal, use);
            this.keys.push(record);
            if (!state.keyIds.includes(record.id))
                state.keyIds.push(record.id);
        }
    }
    /** Instances of this launcher; the first one terminated on a KMS error is kept. */
    async readInstances(state) {
        const { deps } = this;
        const now = deps.clock.now();
        const instances = await readLauncherInstances(deps.ec2, deps.clusterName, state.launcher, now, deps.signal);
        state.running = instances.filter(i => i.state === 'running').length;
        for (const nodePool of instances.map(i => i.nodePool))
            if (nodePool && !state.nodePools.includes(nodePool))
                state.nodePools.push(nodePool);
        if (state.firstKmsTermination)
            return;
        const killed = instances
            .filter(i => i.state === 'shutting-down' || i.state === 'terminated')
            .filter(i => (0,model/* classifyMessage */.Q4)(`${i.reasonCode ?? ''}: ${i.reasonMessage ?? ''}`)?.pattern.rootCause ===
            'key-check')
            .sort((a, b) => (a.launchedAt ?? 0) - (b.launchedAt ?? 0));
        const first = killed[0];
        if (!first)
            return;
        state.firstKmsTermination = first;
        deps.timeline.add('ec2', 'launch-failed', `${model/* LAUNCHER_LABEL */.w$[state.launcher]} instance ${first.instanceId} (node pool ${first.nodePool ?? '?'}) ${first.state}: ${first.reasonCode}: ${first.reasonMessage}`, { at: first.launchedAt });
    }
}
function newState(launcher, foundBy) {
    return { launcher, foundBy, nodePools: [], keySources: [], keyIds: [], pending: true, running: 0 };
}

;// CONCATENATED MODULE: ./src/guard/launchers.ts

function launcherWatch(config, deps, account) {
    const { clients } = deps;
    return new LauncherWatch({
        kms: clients.kms,
        iam: clients.iam,
        ec2: clients.ec2,
        eks: clients.eks,
        clock: deps.clock,
        log: deps.log,
        timeline: deps.timeline,
        signal: deps.signal,
        region: config.region,
        account,
        permission: config,
        clusterName: config.clusterName,
        karpenterRoleArn: config.karpenterRoleArn,
        kmsKeyIds: config.kmsKeyIds
    });
}

// EXTERNAL MODULE: ./src/verdict/decide.ts + 1 modules
var decide = __webpack_require__(7586);
;// CONCATENATED MODULE: ./src/guard/context.ts
/** Managed node groups, then self-managed Auto Scaling groups: one list for the one verdict. */
function watchedStates(run) {
    const { reads, selfManaged } = run.facts;
    return [...(reads?.states.values() ?? []), ...(selfManaged?.states.values() ?? [])];
}
function deletedStates(run) {
    const { reads, selfManaged } = run.facts;
    return [...(reads?.deleted ?? []), ...(selfManaged?.deleted ?? [])];
}

;// CONCATENATED MODULE: ./src/guard/observation.ts
/** Everything the run knows, as the one verdict function reads it. */




function observation_decide(run, flags) {
    return (0,decide/* decideVerdict */.AU)(observation(run, flags));
}
function observation(run, flags) {
    const { config, deps, facts, registry, work, launchers } = run;
    const workError = work.error();
    return {
        now: deps.clock.now(),
        startedAt: run.startedAt,
        clusterName: config.clusterName,
        region: config.region,
        cluster: facts.clusterState,
        clusterCreatedAt: facts.cluster?.createdAt?.getTime(),
        autoMode: facts.cluster?.autoMode,
        launchers: [...launchers.states.values()],
        launcherKeys: launchers.keys,
        clusterUpdatedAt: facts.clusterUpdatedAt,
        nodegroups: watchedStates(run),
        existingNodegroups: facts.reads?.existing,
        existingAsgs: facts.selfManaged?.existing,
        deletedNodegroups: facts.reads ? deletedStates(run) : undefined,
        keys: registry.all(),
        unreadableImages: registry.unreadableImages(),
        keyWorkPending: work.pending(),
        keyWorkMayWrite: writeMode(config) !== 'none',
        propagationGraceMs: config.propagationGraceMs,
        pollIntervalMs: config.pollIntervalMs,
        addons: facts.addonReads ? [...facts.addonReads.addons.values()] : undefined,
        clusterVersion: facts.addonReads?.cluster,
        command: deps.command?.(),
        timeoutMs: config.timeoutMs,
        ...flags,
        error: flags.error ?? (workError ? runError(workError) : undefined)
    };
}

;// CONCATENATED MODULE: ./src/guard/outcome.ts

function outcome(run, verdict) {
    const { config, deps, facts, registry, launchers } = run;
    const watched = watchedStates(run).length + deletedStates(run).length;
    if (verdict.result === 'success' && watched === 0 && launchers.keys.length === 0)
        deps.log.warning(`No node group or self-managed Auto Scaling group of cluster ${config.clusterName} was checked: this green run vouches for no node's key.`);
    return {
        verdict,
        identity: facts.identity,
        cluster: facts.cluster,
        role: facts.role,
        roleCreated: facts.roleCreated,
        keys: [...registry.all(), ...launchers.keys],
        nodegroups: watchedStates(run),
        launchers: [...launchers.states.values()],
        policyChanged: registry.policyChanged || launchers.policyChanged,
        watchedFrom: run.startedAt,
        addons: facts.addonReads ? [...facts.addonReads.addons.values()] : undefined,
        unreadableImages: registry.unreadableImages()
    };
}

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
        return inputRole(iam, options.input);
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
/**
 * The role the autoscaling-role-arn input names, read like any other: a custom-suffix role is
 * created only by whoever creates it (never by us), so one that does not exist is said.
 */
async function inputRole(iam, arn) {
    const name = arn.split('/').pop() ?? arn;
    try {
        await iam.send(new client_iam_dist_cjs/* GetRoleCommand */.kbp({ RoleName: name }));
        return { arn, exists: true, source: 'input' };
    }
    catch (error) {
        if ((0,errors/* isNotFound */.c4)(error))
            return {
                arn,
                exists: false,
                source: 'input',
                note: `The autoscaling-role-arn input names ${arn}, which does not exist in this account: an Auto Scaling group cannot use it, and a key policy cannot name it. Create it (aws iam create-service-linked-role --aws-service-name autoscaling.amazonaws.com --custom-suffix ${name.replace(/^AWSServiceRoleForAutoScaling_?/, '') || '<suffix>'}) or fix the input.`
            };
        if ((0,errors/* isAccessDenied */.w7)(error))
            return { arn, exists: 'unknown', source: 'input' };
        throw error;
    }
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

;// CONCATENATED MODULE: ./src/watch/addons.ts
/**
 * The watch's reads of the cluster's add-ons (ListAddons, DescribeAddon), its version update
 * (ListUpdates, DescribeUpdate without a node group) and the add-on version pre-flight
 * (DescribeAddonVersions), written into the observed state. Budgeted: add-ons not ACTIVE are read
 * every poll, ACTIVE ones one per poll in turn; versions are checked once per add-on version and
 * Kubernetes version.
 */



const SETTLED = new Set(['ACTIVE']);
class AddonReads {
    eks;
    timeline;
    options;
    addons = new Map();
    cluster = {};
    calls = 0;
    rotation = 0;
    listed = false;
    versionChecks = new Map();
    constructor(eks, timeline, options) {
        this.eks = eks;
        this.timeline = timeline;
        this.options = options;
    }
    async send(action, resource, fn) {
        this.calls++;
        return (0,errors/* call */.T1)(action, resource, () => fn(this.options.signal));
    }
    /** The cluster's version and status from DescribeCluster; its version update when UPDATING. */
    async observeCluster(version, status) {
        const previous = this.cluster.status;
        this.cluster.version = version;
        this.cluster.status = status;
        if (previous !== undefined && previous !== status)
            this.timeline.add('eks', 'cluster-status', `cluster ${this.options.clusterName}: ${previous} → ${status}`);
        if (status === 'UPDATING' || this.cluster.update?.status === 'InProgress')
            await this.readClusterUpdate();
    }
    async readClusterUpdate() {
        const name = this.options.clusterName;
        let id = this.cluster.update?.status === 'InProgress' ? this.cluster.update.id : undefined;
        if (!id) {
            const ids = (await this.send('eks:ListUpdates', name, abortSignal => this.eks.send(new client_eks_dist_cjs/* ListUpdatesCommand */.qlg({ name }), { abortSignal }))).updateIds;
            // Updates come oldest first: the one in progress is among the newest.
            for (const candidate of (ids ?? []).slice(-3).reverse()) {
                const update = await this.describeClusterUpdate(candidate);
                if (update?.status === 'InProgress' && update.type === 'VersionUpdate') {
                    id = candidate;
                    break;
                }
            }
            if (!id)
                return;
        }
        const update = await this.describeClusterUpdate(id);
        if (!update)
            return;
        const previous = this.cluster.update;
        const record = {
            id,
            type: update.type,
            status: update.status,
            createdAt: update.createdAt,
            params: update.params ?? [],
            errors: update.errors ?? [],
            watched: true,
            endedAt: previous?.endedAt
        };
        this.cluster.update = record;
        this.cluster.targetVersion = (0,model/* updateParam */.lU)(record, 'Version');
        if (!previous || previous.id !== id)
            this.timeline.add('eks', 'cluster-update-started', `cluster ${name}: ${(0,model/* describeUpdate */.LX)(record)} started`, {
                at: update.createdAt
            });
        else if (previous.status !== record.status && model/* UPDATE_TERMINAL */.LV.has(record.status ?? '')) {
            record.endedAt = this.options.now();
            this.timeline.add('eks', 'cluster-update-ended', `cluster ${name}: ${(0,model/* describeUpdate */.LX)(record)} ${record.status}${record.errors.length ? ` (${record.errors.map(e => `${e.errorCode}: ${e.errorMessage}`).join('; ')})` : ''}`);
        }
    }
    async describeClusterUpdate(updateId) {
        const name = this.options.clusterName;
        return (await this.send('eks:DescribeUpdate', name, abortSignal => this.eks.send(new client_eks_dist_cjs/* DescribeUpdateCommand */.SrY({ name, updateId }), { abortSignal }))).update;
    }
    /** Lists the add-ons, reads those not settled (and one settled one in turn), checks versions. */
    async poll() {
        const budget = this.options.maxCallsPerPoll ?? 8;
        const spent = this.calls;
        const name = this.options.clusterName;
        let names = [];
        let nextToken;
        try {
            do {
                const page = await this.send('eks:ListAddons', name, abortSignal => this.eks.send(new client_eks_dist_cjs/* ListAddonsCommand */.$47({ clusterName: name, nextToken }), { abortSignal }));
                names.push(...(page.addons ?? []));
                nextToken = page.nextToken;
            } while (nextToken);
        }
        catch (error) {
            if (!(0,errors/* isNotFound */.c4)(error))
                throw error;
            names = [];
        }
        for (const gone of [...this.addons.keys()].filter(n => !names.includes(n)))
            this.addons.delete(gone);
        const fresh = names.filter(n => !this.addons.has(n));
        const unsettled = names.filter(n => this.addons.has(n) && !SETTLED.has(this.addons.get(n).status ?? ''));
        const settled = names.filter(n => SETTLED.has(this.addons.get(n)?.status ?? ''));
        const turn = settled.length > 0 ? [settled[this.rotation++ % settled.length]] : [];
        for (const addon of [...fresh, ...unsettled, ...turn]) {
            if (this.calls - spent >= budget)
                break;
            await this.describe(addon);
        }
        this.listed = true;
        for (const addon of this.addons.values()) {
            if (this.calls - spent >= budget)
                break;
            await this.checkVersions(addon);
        }
    }
    /** Whether the add-ons were listed at least once. */
    get ready() {
        return this.listed;
    }
    async describe(addonName) {
        const clusterName = this.options.clusterName;
        let addon;
        try {
            addon = (await this.send('eks:DescribeAddon', `${clusterName}/${addonName}`, abortSignal => this.eks.send(new client_eks_dist_cjs/* DescribeAddonCommand */.BFv({ clusterName, addonName }), { abortSignal }))).addon;
        }
        catch (error) {
            if (!(0,errors/* isNotFound */.c4)(error))
                throw error;
            this.addons.delete(addonName);
            return;
        }
        if (!addon)
            return;
        let state = this.addons.get(addonName);
        if (!state) {
            state = {
                name: addonName,
                healthIssues: [],
                compatibility: [],
                firstSeenStatus: addon.status
            };
            this.addons.set(addonName, state);
            this.timeline.add('eks', 'addon-created', `add-on ${addonName} ${addon.addonVersion ?? ''} created (${addon.status})`, { at: addon.createdAt, addon: addonName });
        }
        else if (state.status !== addon.status) {
            this.timeline.add('eks', 'addon-status', `add-on ${addonName}: ${state.status} → ${addon.status}`, {
                addon: addonName
            });
        }
        const issues = addon.health?.issues ?? [];
        const key = (list) => list.map(i => i.code).join(',');
        if (issues.length > 0 && key(issues) !== key(state.healthIssues))
            this.timeline.add('eks', 'addon-health', `add-on ${addonName}: ${issues.map(i => `${i.code}: ${i.message}`).join('; ')}`, { addon: addonName });
        if (state.version !== undefined && state.version !== addon.addonVersion)
            state.compatibility = [];
        state.status = addon.status;
        state.version = addon.addonVersion;
        state.createdAt = addon.createdAt;
        state.modifiedAt = addon.modifiedAt;
        state.healthIssues = issues;
    }
    /** DescribeAddonVersions for the cluster's version and, while it is UPDATING, the target. */
    async checkVersions(addon) {
        if (!addon.version)
            return;
        const wanted = [];
        if (this.cluster.version)
            wanted.push({ version: this.cluster.version, target: false });
        if (this.cluster.targetVersion && this.cluster.targetVersion !== this.cluster.version)
            wanted.push({ version: this.cluster.targetVersion, target: true });
        for (const { version, target } of wanted) {
            if (addon.compatibility.some(c => c.kubernetesVersion === version))
                continue;
            const cacheKey = `${addon.name}@${addon.version}|${version}`;
            let check = this.versionChecks.get(cacheKey);
            if (!check) {
                const response = await this.send('eks:DescribeAddonVersions', addon.name, abortSignal => this.eks.send(new client_eks_dist_cjs/* DescribeAddonVersionsCommand */.Mtn({ addonName: addon.name, kubernetesVersion: version }), { abortSignal }));
                const info = response.addons?.find(a => a.addonName === addon.name);
                const versions = info?.addonVersions ?? [];
                const compatibleVersions = versions
                    .filter(v => (v.compatibilities ?? []).some(c => c.clusterVersion === version))
                    .map(v => v.addonVersion ?? '')
                    .filter(Boolean);
                const defaultVersion = versions.find(v => (v.compatibilities ?? []).some(c => c.clusterVersion === version && c.defaultVersion))?.addonVersion;
                check = {
                    kubernetesVersion: version,
                    target,
                    compatible: compatibleVersions.includes(addon.version),
                    compatibleVersions,
                    defaultVersion
                };
                this.versionChecks.set(cacheKey, check);
                this.timeline.add('eks', 'addon-version-checked', `add-on ${addon.name} ${addon.version} ${check.compatible ? 'supports' : 'does NOT support'} Kubernetes ${version}${target ? ' (the version the cluster is updating to)' : ''}`, { addon: addon.name });
            }
            addon.compatibility.push({ ...check, target });
        }
    }
}

;// CONCATENATED MODULE: ./src/guard/cluster.ts
/** The cluster as the guard sees it: DescribeCluster, and its add-ons degraded while nodes serve. */


/**
 * DescribeCluster: the cluster's facts, or undefined when it does not exist. Its first sighting
 * (after `previous`, the state the last read left) and its first absence go on the timeline.
 */
async function readCluster(eks, config, previous, timeline, signal) {
    try {
        const cluster = (await (0,errors/* call */.T1)('eks:DescribeCluster', config.clusterName, () => eks.send(new client_eks_dist_cjs/* DescribeClusterCommand */.hV5({ name: config.clusterName }), {
            abortSignal: signal
        }))).cluster;
        const secretsKeyArn = cluster?.encryptionConfig?.find(c => c.resources?.includes('secrets'))
            ?.provider?.keyArn;
        const read = {
            cluster: {
                name: config.clusterName,
                status: cluster?.status,
                roleArn: cluster?.roleArn,
                secretsKeyArn,
                createdAt: cluster?.createdAt,
                // EKS API Reference, Cluster.computeConfig: "If the compute capability is enabled, EKS
                // Auto Mode will create and delete EC2 Managed Instances in your Amazon Web Services account."
                autoMode: cluster?.computeConfig?.enabled === true
            },
            version: cluster?.version
        };
        if (previous !== 'found')
            timeline.add('eks', 'cluster-created', `cluster ${config.clusterName} (${cluster?.status ?? 'unknown status'})`, { at: cluster?.createdAt });
        return read;
    }
    catch (error) {
        if (!(0,errors/* isNotFound */.c4)(error))
            throw error;
        if (previous !== 'missing')
            timeline.add('eks', 'cluster-missing', `cluster ${config.clusterName} not found in ${config.region}`);
        return undefined;
    }
}
/**
 * When the cluster itself (not a node group or add-on) was last updated: ListUpdates of the
 * cluster, then DescribeUpdate of the newest few (EKS records no end time; `createdAt` is when
 * the update started — EKS API Reference, Update). Read once, when a named node group is missing.
 */
async function lastClusterUpdate(eks, clusterName, signal) {
    const ids = [];
    let nextToken;
    do {
        const page = await (0,errors/* call */.T1)('eks:ListUpdates', clusterName, () => eks.send(new client_eks_dist_cjs/* ListUpdatesCommand */.qlg({ name: clusterName, nextToken }), { abortSignal: signal }));
        ids.push(...(page.updateIds ?? []));
        nextToken = page.nextToken;
    } while (nextToken);
    let newest;
    for (const updateId of ids.slice(-3)) {
        const update = (await (0,errors/* call */.T1)('eks:DescribeUpdate', clusterName, () => eks.send(new client_eks_dist_cjs/* DescribeUpdateCommand */.SrY({ name: clusterName, updateId }), {
            abortSignal: signal
        }))).update;
        const at = update?.createdAt;
        if (at && (!newest || at > newest))
            newest = at;
    }
    return newest?.getTime();
}
/** DEGRADED with nodes in service: since when (the verdict gives it a few polls to recover). */
function markDegradedWithNodes(addons, nodegroups, now) {
    const inService = [...nodegroups].some(state => [...state.asgs.values()].some(group => (group.Instances ?? []).some(i => i.LifecycleState === 'InService')));
    for (const addon of addons) {
        if (addon.status === 'DEGRADED' && inService)
            addon.degradedWithNodesSince ??= now;
        else
            addon.degradedWithNodesSince = undefined;
    }
}

;// CONCATENATED MODULE: ./src/guard/cluster-facts.ts
/**
 * The run's view of the cluster: described until it is found and while it is created or updated,
 * its add-ons read against its version. The setup and every poll share these reads.
 */


async function describeCluster(run) {
    const { clients, timeline, signal } = run.deps;
    const { facts } = run;
    const read = await readCluster(clients.eks, run.config, facts.clusterState, timeline, signal);
    if (!read) {
        facts.clusterState = 'missing';
        return;
    }
    facts.cluster = read.cluster;
    facts.clusterVersion = read.version;
    facts.clusterState = 'found';
}
/** The cluster is being created or updated: its status is read every poll until it settles. */
function clusterMoving(run) {
    const status = run.facts.addonReads?.cluster.status;
    return status === 'CREATING' || status === 'UPDATING';
}
async function readAddons(run) {
    const addons = run.facts.addonReads;
    if (!addons)
        return;
    await addons.observeCluster(run.facts.clusterVersion, run.facts.cluster?.status);
    await addons.poll();
    markDegradedWithNodes(addons.addons.values(), watchedStates(run), run.deps.clock.now());
}

;// CONCATENATED MODULE: ./src/guard/identity.ts



function partitionOf(arn) {
    return arn.split(':')[1] || 'aws';
}
/** The caller's account, partition and ARN (sts:GetCallerIdentity). */
async function callerIdentity(sts) {
    const caller = await (0,errors/* call */.T1)('sts:GetCallerIdentity', undefined, () => sts.send(new client_sts_dist_cjs/* GetCallerIdentityCommand */.zI({})));
    return {
        account: caller.Account ?? '',
        partition: partitionOf(caller.Arn ?? ''),
        arn: caller.Arn ?? ''
    };
}
/**
 * The missing default role: created by deploy (unless dry run or the input says not to), else
 * said to be missing. `created` is false when it appeared meanwhile.
 */
async function ensureRole(iam, config, role, timeline, log) {
    if (config.mode !== 'deploy' || !config.createServiceLinkedRole || config.dryRun) {
        timeline.add('iam', 'role-missing', `Auto Scaling service-linked role ${role.arn} does not exist`);
        return { role, created: false };
    }
    const created = await createServiceLinkedRole(iam);
    const ensured = { arn: created.arn ?? role.arn, exists: true, source: 'iam' };
    log.info(created.created
        ? `Created the Auto Scaling service-linked role ${ensured.arn}.`
        : `The Auto Scaling service-linked role appeared meanwhile (${ensured.arn}).`);
    timeline.add('iam', created.created ? 'role-created' : 'role-found', `Auto Scaling service-linked role ${ensured.arn}`);
    return { role: ensured, created: created.created };
}

;// CONCATENATED MODULE: ./src/guard/prepare.ts
/** The run's setup, before any wait: who we are, the cluster, the Auto Scaling role, and the keys named in the inputs. */





async function prepare(run) {
    const { config, deps, facts } = run;
    const { clients, timeline, log } = deps;
    facts.identity = await callerIdentity(clients.sts);
    timeline.add('action', 'started', `${config.mode} of cluster ${config.clusterName} in ${config.region}`);
    await describeCluster(run);
    if (facts.clusterState === 'missing' && !deps.command)
        return;
    facts.addonReads = new AddonReads(clients.eks, timeline, {
        clusterName: config.clusterName,
        signal: deps.signal,
        now: () => deps.clock.now()
    });
    // Pre-flight: add-on versions against the cluster's version (and its target) before any wait.
    if (facts.clusterState === 'found')
        await readAddons(run);
    facts.role = await resolveAutoscalingRole(clients.iam, {
        input: config.autoscalingRoleArn,
        partition: facts.identity.partition,
        account: facts.identity.account
    });
    if (facts.role.note)
        log.warning(facts.role.note);
    // Only the default role is ours to create; a custom-suffix one named by the input is said.
    if (facts.role.exists === false && facts.role.source !== 'input') {
        const ensured = await ensureRole(clients.iam, config, facts.role, timeline, log);
        facts.role = ensured.role;
        facts.roleCreated = ensured.created;
    }
    else
        timeline.add('iam', 'role-found', `Auto Scaling service-linked role ${facts.role.arn} (${facts.role.source})`);
    for (const reference of config.kmsKeyIds) {
        await run.registry.check({
            nodegroup: model/* INPUT_NODEGROUP */.je,
            reference,
            source: 'input',
            why: 'named in the kms-key-ids input'
        }, facts.role.arn);
    }
}

// EXTERNAL MODULE: ./src/verdict/late.ts
var late = __webpack_require__(7313);
;// CONCATENATED MODULE: ./src/watch/upcoming.ts
/**
 * The race a deploy must win by design: Terraform writes a new version of a node group's launch
 * template (a new key, say) before it asks EKS to move the node group to it, and EKS's update then
 * switches the Auto Scaling group to it before the first surge launch. Reading the template's
 * latest version while the deploy command runs makes that version visible at the first poll after
 * it is written — before the update exists — so its keys are checked (and, in deploy, patched)
 * with the whole of the update's start still ahead, however slow the machine.
 */


/**
 * Marks each node group whose own launch template has a newer version than the one it uses with
 * that version (`upcomingTemplate`). One read per template per poll; a transient error leaves the
 * marks of the last poll.
 */
async function readUpcomingTemplates(ec2, states) {
    const latest = new Map();
    for (const state of states) {
        const template = state.launchTemplate;
        const current = Number(template?.version);
        if (!state.exists || !template || !Number.isInteger(current))
            continue;
        const key = template.id ?? template.name ?? '';
        if (!latest.has(key))
            latest.set(key, (0,errors/* call */.T1)('ec2:DescribeLaunchTemplateVersions', key, () => ec2.send(new client_ec2_dist_cjs/* DescribeLaunchTemplateVersionsCommand */.Ptd({
                LaunchTemplateId: template.id,
                LaunchTemplateName: template.id ? undefined : template.name,
                Versions: ['$Latest']
            }))).then(response => response.LaunchTemplateVersions?.[0]?.VersionNumber, error => {
                if ((0,errors/* isTransient */.dg)(error))
                    return undefined;
                throw error;
            }));
        const newest = await latest.get(key);
        if (newest === undefined)
            continue;
        state.upcomingTemplate =
            newest > current
                ? { id: template.id, name: template.name, version: String(newest) }
                : undefined;
    }
}

;// CONCATENATED MODULE: ./src/watch/observations.ts

/** A DescribeNodegroup answer written into the node group's state: status, template, groups. */
function recordNodegroup(state, nodegroup, timeline) {
    const firstSeen = !state.exists;
    const previousStatus = state.status;
    state.exists = true;
    state.missingPolls = 0;
    state.status = nodegroup.status;
    state.firstSeenStatus ??= nodegroup.status;
    state.createdAt = nodegroup.createdAt;
    state.modifiedAt = nodegroup.modifiedAt;
    state.healthIssues = nodegroup.health?.issues ?? [];
    const template = nodegroup.launchTemplate;
    state.launchTemplate = template
        ? { id: template.id, name: template.name, version: template.version }
        : undefined;
    if (firstSeen) {
        timeline.add('eks', 'nodegroup-created', state.createdAt && previousStatus === undefined && state.status !== 'CREATING'
            ? `node group ${state.name} created (found ${state.status} when this run started)`
            : `node group ${state.name} created`, { at: state.createdAt, nodegroup: state.name });
    }
    if (previousStatus !== undefined && previousStatus !== state.status) {
        timeline.add('eks', 'nodegroup-status', `node group ${state.name}: ${previousStatus} → ${state.status}`, {
            nodegroup: state.name,
            at: state.status?.endsWith('FAILED') ? state.modifiedAt : undefined
        });
    }
    for (const group of nodegroup.resources?.autoScalingGroups ?? []) {
        // Its activities are read from the operation's start (known once its updates are read).
        if (group.name && !state.asgNames.includes(group.name))
            state.asgNames.push(group.name);
    }
}
/**
 * A DescribeUpdate answer written into the node group's updates: one watched when it runs or
 * started after the run, its start and its end on the timeline.
 */
function recordUpdate(state, update, timeline, startedAt, now) {
    let record = state.updates.find(u => u.id === update.id);
    const startedAfterRun = update.createdAt !== undefined && update.createdAt.getTime() >= startedAt;
    if (!record) {
        record = {
            id: update.id ?? '',
            type: update.type,
            createdAt: update.createdAt,
            params: update.params ?? [],
            errors: [],
            watched: update.status === 'InProgress' || startedAfterRun
        };
        state.updates.push(record);
        state.updates.sort((a, b) => (a.createdAt?.getTime() ?? 0) - (b.createdAt?.getTime() ?? 0));
        if (record.watched)
            timeline.add('eks', 'nodegroup-update-started', `node group ${state.name}: ${(0,model/* describeUpdate */.LX)(record)} started`, { at: record.createdAt, nodegroup: state.name });
    }
    const previous = record.status;
    record.status = update.status;
    record.errors = update.errors ?? [];
    if (previous === record.status || !model/* UPDATE_TERMINAL */.LV.has(record.status ?? ''))
        return;
    record.endedAt = now();
    if (!record.watched)
        return;
    const errors = record.errors.map(e => `${e.errorCode}: ${e.errorMessage}`).join('; ');
    timeline.add('eks', 'nodegroup-update-ended', `node group ${state.name}: ${(0,model/* describeUpdate */.LX)(record)} ${record.status}${errors ? ` (${errors})` : ''}`, { nodegroup: state.name });
}
/**
 * A scaling activity written into the node group's activities: its attempt, then its end, a
 * failure classified by the failure table (an unknown message of a Failed activity counts as
 * unrecognised).
 */
function recordActivity(state, asg, activity, timeline, now) {
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
        timeline.add('autoscaling', 'launch-attempt', `${asg}: ${record.description || 'scaling activity started'}`, { at: record.start, nodegroup: state.name, activity: id });
    }
    if (record.end)
        return;
    record.statusCode = activity.StatusCode ?? record.statusCode;
    record.statusMessage = activity.StatusMessage ?? record.statusMessage;
    record.description = activity.Description ?? record.description;
    const done = record.statusCode === 'Successful' || model/* FAILED_ACTIVITY */.Kk.has(record.statusCode);
    if (!activity.EndTime && !done)
        return;
    record.end = activity.EndTime ?? new Date(now());
    if (record.statusCode === 'Successful') {
        timeline.add('autoscaling', 'launch-succeeded', `${asg}: ${record.description}`, {
            at: record.end,
            nodegroup: state.name,
            activity: id
        });
        return;
    }
    if (!model/* FAILED_ACTIVITY */.Kk.has(record.statusCode))
        return;
    const classification = (0,model/* classifyMessage */.Q4)(`${record.statusMessage} ${record.description}`);
    const unrecognised = record.statusCode === 'Failed' && !classification;
    record.pattern = classification?.pattern ?? (unrecognised ? model/* UNRECOGNISED_FAILURE */.qs : undefined);
    record.code = classification?.code ?? (unrecognised ? 'Unrecognised' : undefined);
    timeline.add('autoscaling', 'launch-failed', `${asg}: ${record.statusCode}: ${record.statusMessage || record.description}`, { at: record.end, nodegroup: state.name, activity: id });
}
/** A DescribeAutoScalingGroups answer kept on its node group; its first sighting on the timeline. */
function recordGroup(states, group, timeline) {
    const name = group.AutoScalingGroupName;
    const state = states.find(s => s.asgNames.includes(name ?? ''));
    if (!state || !name)
        return;
    if (!state.asgs.has(name)) {
        timeline.add('autoscaling', 'asg-created', `Auto Scaling group ${name} created`, {
            at: group.CreatedTime,
            nodegroup: state.name
        });
    }
    state.asgs.set(name, group);
}

;// CONCATENATED MODULE: ./src/watch/activities.ts
/**
 * Scaling activities of one Auto Scaling group, from a moving StartTimeLowerBound so that a long
 * history costs nothing: shared by every launcher whose nodes an Auto Scaling group launches
 * (managed node groups, self-managed groups).
 */


const MAX_ACTIVITY_PAGES = 5;
class ActivityReads {
    autoscaling;
    send;
    timeline;
    now;
    lowerBound = new Map();
    constructor(autoscaling, send, timeline, now) {
        this.autoscaling = autoscaling;
        this.send = send;
        this.timeline = timeline;
        this.now = now;
    }
    /** Activities of `asg` since the last read, or since `initial` on the first. */
    async fetch(state, asg, initial) {
        const lower = this.lowerBound.get(asg) ?? initial();
        const fetched = [];
        let nextToken;
        let pages = 0;
        do {
            const page = await this.send('autoscaling:DescribeScalingActivities', asg, abortSignal => this.autoscaling.send(new dist_cjs/* DescribeScalingActivitiesCommand */.hM1({
                AutoScalingGroupName: asg,
                MaxRecords: 100,
                NextToken: nextToken,
                Filters: [{ Name: 'StartTimeLowerBound', Values: [lower.toISOString()] }]
            }), { abortSignal }));
            fetched.push(...(page.Activities ?? []));
            nextToken = page.NextToken;
        } while (nextToken && ++pages < MAX_ACTIVITY_PAGES);
        // Oldest first, so the timeline and runs of transient failures read in order.
        fetched.sort((a, b) => (a.StartTime?.getTime() ?? 0) - (b.StartTime?.getTime() ?? 0));
        for (const activity of fetched)
            recordActivity(state, asg, activity, this.timeline, this.now);
        const open = [...state.activities.values()].filter(a => a.asg === asg && !a.end);
        const newest = fetched.reduce((max, a) => Math.max(max, a.StartTime?.getTime() ?? 0), lower.getTime());
        const oldestOpen = open.reduce((min, a) => Math.min(min, a.start.getTime()), Number.POSITIVE_INFINITY);
        this.lowerBound.set(asg, new Date(Math.min(newest, oldestOpen)));
    }
}

;// CONCATENATED MODULE: ./src/watch/call-meter.ts
/**
 * A reader's AWS calls, counted (a poll's budget, the benchmark's calls a minute) and watched for
 * throttling: a response the SDK had to retry slows the next polls down.
 */

class CallMeter {
    signal;
    count = 0;
    /** A call of this poll was retried by the SDK (throttled, or a transient fault). */
    throttled = false;
    constructor(signal) {
        this.signal = signal;
    }
    send = async (action, resource, fn) => {
        this.count++;
        const response = await (0,errors/* call */.T1)(action, resource, () => fn(this.signal));
        if ((response.$metadata?.attempts ?? 1) > 1)
            this.throttled = true;
        return response;
    };
}

;// CONCATENATED MODULE: ./src/watch/reads.ts
/**
 * The watch's AWS reads: node groups (EKS), their Auto Scaling groups and scaling activities,
 * written into the observed state. Paginated and budgeted: at most `maxCallsPerPoll` calls a poll,
 * spent round-robin on the node groups not settled yet; activities come from a moving
 * StartTimeLowerBound, so a long history costs nothing.
 */







/** Updates described when a node group's list is first read: the newest; older ones are history. */
const RECENT_UPDATES = 3;
/** At most this many calls a poll while node groups wait for their first read. */
const FIRST_READS_CAP = 60;
class NodegroupReads {
    aws;
    timeline;
    log;
    options;
    states = new Map();
    /** Node groups the cluster has, from the last ListNodegroups. */
    existing;
    /** Node groups found by listing that disappeared while watched, as last seen. */
    deleted = [];
    /** False once ListNodegroups answered that the cluster does not exist. */
    clusterSeen = true;
    /** The SDK had to retry a call in the last poll: AWS is pushing back. */
    meter;
    rotation = 0;
    /** Node groups described at least once: one not read yet goes before any other read. */
    described = new Set();
    activities;
    /** Update ids per node group already described or left as history. */
    knownUpdates = new Map();
    constructor(aws, timeline, log, options) {
        this.aws = aws;
        this.timeline = timeline;
        this.log = log;
        this.options = options;
        for (const name of options.nodegroupNames)
            this.states.set(name, (0,model/* newNodegroupState */.lw)(name, true));
        this.meter = new CallMeter(options.signal);
        this.activities = new ActivityReads(aws.autoscaling, this.meter.send, timeline, () => options.now());
    }
    /** AWS calls made so far (benchmarks divide by watched minutes). */
    get callCount() {
        return this.meter.count;
    }
    get send() {
        return this.meter.send;
    }
    /** A call of this poll was retried by the SDK: the loop slows down. */
    get throttled() {
        return this.meter.throttled;
    }
    /**
     * The calls one poll may make: the configured budget, raised while node groups wait for their
     * first read so that a large cluster has every node group read within the first two polls
     * (half the fleet a poll, up to FIRST_READS_CAP), then back to the budget.
     */
    budget() {
        const base = this.options.maxCallsPerPoll ?? 20;
        if ([...this.states.keys()].every(name => this.described.has(name)))
            return base;
        return Math.max(base, Math.min(FIRST_READS_CAP, Math.ceil(this.states.size / 2) + 1));
    }
    async poll() {
        this.meter.throttled = false;
        const spent = this.meter.count;
        const named = this.options.nodegroupNames.length > 0;
        // Named node groups: the list is read only while one of them is missing (to say what exists).
        const adopt = !named && this.options.discover !== false;
        if (adopt || [...this.states.values()].some(s => !s.exists))
            await this.listNodegroups(adopt);
        const budget = this.budget();
        // First reads before anything else: activities of the first node groups must not keep the
        // others unread for minutes.
        const readNow = new Set();
        for (const state of [...this.states.values()].filter(s => !this.described.has(s.name))) {
            if (this.meter.count - spent >= budget)
                break;
            await this.describeNodegroup(state);
            readNow.add(state.name);
        }
        const pending = [...this.states.values()].filter(s => !(0,model/* isSettled */.Is)(s));
        // Round-robin so every node group is visited even when the budget is smaller than the fleet.
        const order = pending.map((_, i) => pending[(i + this.rotation) % pending.length]);
        // Settled node groups after them, while budget remains: a deploy command may update or scale
        // one out at any time (its update is then watched like a creation).
        const settled = [...this.states.values()].filter(s => (0,model/* isSettled */.Is)(s));
        order.push(...settled.map((_, i) => settled[(i + this.rotation) % settled.length]));
        this.rotation++;
        for (const state of order) {
            if (this.meter.count - spent >= budget)
                break;
            if (!this.states.has(state.name))
                continue;
            if (!readNow.has(state.name))
                await this.describeNodegroup(state);
            if (!state.exists)
                continue;
            if (!pending.includes(state) && state.status === 'ACTIVE')
                continue;
            // Updates cost calls only while one runs: UPDATING, or an update seen InProgress to its end.
            if ((state.status === 'UPDATING' || (0,model/* activeUpdate */.uX)(state)) && this.meter.count - spent < budget)
                await this.readUpdates(state);
            for (const asg of state.asgNames) {
                if (this.meter.count - spent >= budget)
                    break;
                await this.fetchActivities(state, asg);
            }
        }
        // Settled node groups' Auto Scaling groups too (one call covers 50): a scale-out that bypasses
        // EKS (an autoscaler's SetDesiredCapacity) leaves the node group ACTIVE, and only the group's
        // desired capacity shows it. The node group is then pending again, and its launches are read.
        const needGroups = [...this.states.values()].filter(s => s.exists && s.asgNames.length > 0);
        if (needGroups.length > 0 && this.meter.count - spent < budget + 1)
            await this.describeGroups(needGroups);
    }
    async listNodegroups(adopt) {
        const names = [];
        let nextToken;
        try {
            do {
                const page = await this.send('eks:ListNodegroups', this.options.clusterName, abortSignal => this.aws.eks.send(new client_eks_dist_cjs/* ListNodegroupsCommand */.eTy({ clusterName: this.options.clusterName, nextToken }), { abortSignal }));
                names.push(...(page.nodegroups ?? []));
                nextToken = page.nextToken;
            } while (nextToken);
            this.clusterSeen = true;
        }
        catch (error) {
            if (!(0,errors/* isNotFound */.c4)(error))
                throw error;
            this.clusterSeen = false;
            return;
        }
        this.existing = names;
        if (!adopt)
            return;
        for (const name of names) {
            if (this.states.has(name))
                continue;
            this.states.set(name, (0,model/* newNodegroupState */.lw)(name, false));
            this.log(`Watching node group ${name}.`);
        }
    }
    async describeNodegroup(state) {
        this.described.add(state.name);
        let nodegroup;
        try {
            nodegroup = (await this.send('eks:DescribeNodegroup', `${this.options.clusterName}/${state.name}`, abortSignal => this.aws.eks.send(new client_eks_dist_cjs/* DescribeNodegroupCommand */.Kmg({
                clusterName: this.options.clusterName,
                nodegroupName: state.name
            }), { abortSignal }))).nodegroup;
        }
        catch (error) {
            if (!(0,errors/* isNotFound */.c4)(error))
                throw error;
            // A node group found by listing that is gone was deleted (a replacement's old group, say):
            // it launches nothing more, so it is no longer watched (the verdict judges the deletion).
            // A named one is waited for.
            if (!state.named) {
                this.states.delete(state.name);
                state.deletedAt = this.options.now();
                this.deleted.push(state);
                this.timeline.add('eks', 'nodegroup-status', `node group ${state.name} deleted`, {
                    nodegroup: state.name
                });
                this.log(`Node group ${state.name} was deleted: no longer watched.`);
                return;
            }
            state.exists = false;
            state.missingPolls = (state.missingPolls ?? 0) + 1;
            state.missingSince ??= this.options.now();
            return;
        }
        if (nodegroup)
            recordNodegroup(state, nodegroup, this.timeline);
    }
    /** ListUpdates for the node group, then DescribeUpdate for new ids and those still InProgress. */
    async readUpdates(state) {
        const cluster = this.options.clusterName;
        const ids = [];
        let nextToken;
        do {
            const page = await this.send('eks:ListUpdates', `${cluster}/${state.name}`, abortSignal => this.aws.eks.send(new client_eks_dist_cjs/* ListUpdatesCommand */.qlg({ name: cluster, nodegroupName: state.name, nextToken }), { abortSignal }));
            ids.push(...(page.updateIds ?? []));
            nextToken = page.nextToken;
        } while (nextToken);
        let known = this.knownUpdates.get(state.name);
        if (!known) {
            // First look: the newest few may be running; everything older is history.
            known = new Set(ids.slice(0, Math.max(0, ids.length - RECENT_UPDATES)));
            this.knownUpdates.set(state.name, known);
        }
        const toDescribe = [
            ...ids.filter(id => !known.has(id)),
            ...state.updates.filter(u => u.status === 'InProgress').map(u => u.id)
        ];
        for (const id of new Set(toDescribe)) {
            known.add(id);
            const update = (await this.send('eks:DescribeUpdate', `${cluster}/${state.name}`, abortSignal => this.aws.eks.send(new client_eks_dist_cjs/* DescribeUpdateCommand */.SrY({ name: cluster, nodegroupName: state.name, updateId: id }), { abortSignal }))).update;
            if (update)
                recordUpdate(state, update, this.timeline, this.options.startedAt, () => this.options.now());
        }
    }
    /** Activities of the node group's current operation, or of the last minutes for a settled one. */
    initialLowerBound(state) {
        const update = (0,model/* activeUpdate */.uX)(state);
        const since = state.status === 'UPDATING'
            ? (update?.createdAt ?? state.modifiedAt ?? state.createdAt)
            : state.status === 'CREATING' || state.status === 'CREATE_FAILED'
                ? state.createdAt
                : undefined;
        if (since)
            return new Date(since.getTime() - 60_000);
        return new Date(this.options.startedAt - 15 * 60_000);
    }
    async fetchActivities(state, asg) {
        await this.activities.fetch(state, asg, () => this.initialLowerBound(state));
    }
    async describeGroups(states) {
        const names = states.flatMap(s => s.asgNames);
        for (let i = 0; i < names.length; i += 50) {
            const batch = names.slice(i, i + 50);
            const response = await this.send('autoscaling:DescribeAutoScalingGroups', batch.join(','), abortSignal => this.aws.autoscaling.send(new dist_cjs/* DescribeAutoScalingGroupsCommand */.NkQ({ AutoScalingGroupNames: batch }), { abortSignal }));
            for (const group of response.AutoScalingGroups ?? [])
                recordGroup(states, group, this.timeline);
        }
    }
}

;// CONCATENATED MODULE: ./src/watch/self-managed-tags.ts
/** Tags whose value is the cluster's name (eksctl's unmanaged node groups). */
const CLUSTER_NAME_TAGS = [
    'alpha.eksctl.io/cluster-name',
    'eksctl.cluster.k8s.io/v1alpha1/cluster-name'
];
/**
 * The tag keys searched for. `kubernetes.io/cluster/<name>` (owned or shared) is the tag EKS's
 * self-managed node templates and the community self-managed node group module put on the group
 * (https://docs.aws.amazon.com/eks/latest/userguide/worker.html); `k8s.io/cluster-autoscaler/<name>`
 * is what eksctl's `--asg-access` sets for cluster-autoscaler's auto-discovery
 * (https://docs.aws.amazon.com/eks/latest/eksctl/autoscaling.html); eksctl also tags the resources
 * of its stacks with the cluster's name as a value (`alpha.eksctl.io/cluster-name` and its older
 * `eksctl.cluster.k8s.io/v1alpha1/cluster-name`).
 */
function clusterTagKeys(cluster) {
    return [
        `kubernetes.io/cluster/${cluster}`,
        `k8s.io/cluster-autoscaler/${cluster}`,
        ...CLUSTER_NAME_TAGS
    ];
}
/**
 * A group of this cluster that no EKS node group owns: EKS tags its own node groups' groups with
 * the same cluster tags, and with `eks:nodegroup-name`, which tells them apart (EKS API Reference,
 * AutoScalingGroup: "associated with an Amazon EKS managed node group",
 * https://docs.aws.amazon.com/eks/latest/APIReference/API_AutoScalingGroup.html). Tag keys are
 * compared exactly: AWS tag keys are case-sensitive.
 */
function isSelfManagedOf(group, cluster) {
    const tags = group.Tags ?? [];
    if (tags.some(t => t.Key === 'eks:nodegroup-name'))
        return false;
    return tags.some(t => t.Key === `kubernetes.io/cluster/${cluster}` ||
        t.Key === `k8s.io/cluster-autoscaler/${cluster}` ||
        (t.Key !== undefined && CLUSTER_NAME_TAGS.includes(t.Key) && t.Value === cluster));
}

;// CONCATENATED MODULE: ./src/watch/self-managed.ts
/**
 * Self-managed Auto Scaling groups of the cluster: a launcher beside managed node groups, read
 * here and fed into the same observed state (NodegroupState, `selfManaged`), so the one verdict
 * judges their launches as it judges node groups'. Found by the tags the tools that create them
 * put on them (see `clusterTagKeys`), or named in the `asg-names` input.
 */





/** DescribeAutoScalingGroups answers at most this many groups a page (its MaxRecords limit). */
const PAGE = 100;
/** AutoScalingGroupNames takes at most 50 names a call. */
const NAMES_PER_CALL = 50;
class SelfManagedReads {
    autoscaling;
    timeline;
    log;
    options;
    states = new Map();
    /** Self-managed groups of the cluster, from the last tag search. */
    existing;
    /** Groups found by their tags that disappeared while watched, as last seen. */
    deleted = [];
    meter;
    rotation = 0;
    activities;
    constructor(autoscaling, timeline, log, options) {
        this.autoscaling = autoscaling;
        this.timeline = timeline;
        this.log = log;
        this.options = options;
        for (const name of options.asgNames)
            this.states.set(name, (0,model/* newNodegroupState */.lw)(name, true, true));
        this.meter = new CallMeter(options.signal);
        this.activities = new ActivityReads(autoscaling, this.meter.send, timeline, () => options.now());
    }
    get callCount() {
        return this.meter.count;
    }
    get send() {
        return this.meter.send;
    }
    /** A call of this poll was retried by the SDK: the loop slows down. */
    get throttled() {
        return this.meter.throttled;
    }
    async poll() {
        this.meter.throttled = false;
        const named = this.options.asgNames.length > 0;
        if (!named && !this.options.discover)
            return;
        const spent = this.meter.count;
        // Named groups: the tag search runs only while one is missing (to say what exists).
        if (!named || [...this.states.values()].some(s => !s.exists))
            await this.discover(!named);
        if (named)
            await this.describeNamed();
        const budget = this.options.maxCallsPerPoll ?? 20;
        const watched = [...this.states.values()].filter(s => s.exists);
        // Unsettled first, round-robin, so a large fleet is visited even on a small budget; a settled
        // group's desired capacity (read above every poll) makes it unsettled again on a scale-out.
        const pending = watched.filter(s => !(0,model/* isSettled */.Is)(s));
        const order = pending.map((_, i) => pending[(i + this.rotation) % pending.length]);
        this.rotation++;
        for (const state of order) {
            if (this.meter.count - spent >= budget)
                break;
            await this.activities.fetch(state, state.name, () => this.initialLowerBound(state));
        }
    }
    /** Activities since the group's creation when it is new, else from 15 minutes before the run. */
    initialLowerBound(state) {
        const runWindow = this.options.startedAt - 15 * 60_000;
        const created = state.createdAt?.getTime();
        return new Date(created !== undefined && created > runWindow ? created - 60_000 : runWindow);
    }
    /**
     * The cluster's groups by tag key (one filter: its values are ORed; Amazon EC2 Auto Scaling API
     * Reference, Filter: https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_Filter.html),
     * then kept only when a tag names this cluster and no `eks:nodegroup-name` tag says EKS owns it.
     */
    async discover(adopt) {
        const found = [];
        let nextToken;
        do {
            const page = await this.send('autoscaling:DescribeAutoScalingGroups', `Auto Scaling groups tagged for cluster ${this.options.clusterName}`, abortSignal => this.autoscaling.send(new dist_cjs/* DescribeAutoScalingGroupsCommand */.NkQ({
                Filters: [{ Name: 'tag-key', Values: clusterTagKeys(this.options.clusterName) }],
                MaxRecords: PAGE,
                NextToken: nextToken
            }), { abortSignal }));
            found.push(...(page.AutoScalingGroups ?? []));
            nextToken = page.NextToken;
        } while (nextToken);
        const ours = found.filter(g => isSelfManagedOf(g, this.options.clusterName));
        this.existing = ours.map(g => g.AutoScalingGroupName ?? '').filter(Boolean);
        if (!adopt)
            return;
        for (const group of ours) {
            const name = group.AutoScalingGroupName;
            let state = this.states.get(name);
            if (!state) {
                state = (0,model/* newNodegroupState */.lw)(name, false, true);
                this.states.set(name, state);
                this.log(`Watching self-managed Auto Scaling group ${name}.`);
            }
            this.record(state, group);
        }
        for (const state of [...this.states.values()]) {
            if (this.existing.includes(state.name))
                continue;
            // Gone from the search (deleted, or its cluster tags removed): it launches nothing more
            // for this cluster; the verdict judges the disappearance as a deleted node group's.
            this.states.delete(state.name);
            state.deletedAt = this.options.now();
            this.deleted.push(state);
            this.timeline.add('autoscaling', 'nodegroup-status', `Auto Scaling group ${state.name} deleted`, {
                nodegroup: state.name
            });
            this.log(`Auto Scaling group ${state.name} is gone: no longer watched.`);
        }
    }
    /** The named groups by name; one not answered does not exist (yet). */
    async describeNamed() {
        const names = [...this.states.keys()];
        const answered = new Set();
        for (let i = 0; i < names.length; i += NAMES_PER_CALL) {
            const batch = names.slice(i, i + NAMES_PER_CALL);
            const response = await this.send('autoscaling:DescribeAutoScalingGroups', batch.join(','), abortSignal => this.autoscaling.send(new dist_cjs/* DescribeAutoScalingGroupsCommand */.NkQ({ AutoScalingGroupNames: batch }), { abortSignal }));
            for (const group of response.AutoScalingGroups ?? []) {
                const state = this.states.get(group.AutoScalingGroupName ?? '');
                if (!state)
                    continue;
                answered.add(state.name);
                this.record(state, group);
            }
        }
        for (const state of this.states.values()) {
            if (answered.has(state.name))
                continue;
            state.exists = false;
            state.missingPolls = (state.missingPolls ?? 0) + 1;
            state.missingSince ??= this.options.now();
        }
    }
    record(state, group) {
        const name = state.name;
        if (!state.exists)
            this.timeline.add('autoscaling', 'asg-created', `Auto Scaling group ${name} created`, {
                at: group.CreatedTime,
                nodegroup: name
            });
        state.exists = true;
        state.missingPolls = 0;
        // A group being deleted launches nothing more: DELETING, as EKS says of a node group.
        // (AutoScalingGroup.Status: "Delete in progress"; API Reference, AutoScalingGroup.)
        state.status = group.Status ? 'DELETING' : 'ACTIVE';
        state.firstSeenStatus ??= state.status;
        state.createdAt = group.CreatedTime;
        state.asgNames = [name];
        state.asgs.set(name, group);
    }
}

;// CONCATENATED MODULE: ./src/guard/group-reads.ts
/**
 * The readers of the groups a run watches: managed node groups and self-managed Auto Scaling
 * groups, each told what the other kind's names leave to it.
 */


function nodegroupReads(run) {
    const { config, deps } = run;
    const { clients, clock, timeline, log, signal } = deps;
    return new NodegroupReads(clients, timeline, line => log.info(line), {
        clusterName: config.clusterName,
        nodegroupNames: config.nodegroupNames,
        // Naming either kind of group narrows the watch to what is named.
        discover: config.asgNames.length === 0,
        signal,
        maxCallsPerPoll: deps.maxCallsPerPoll,
        startedAt: run.startedAt,
        now: () => clock.now()
    });
}
function selfManagedReads(run) {
    const { config, deps } = run;
    const { clients, clock, timeline, log, signal } = deps;
    return new SelfManagedReads(clients.autoscaling, timeline, line => log.info(line), {
        clusterName: config.clusterName,
        asgNames: config.asgNames,
        // Named node groups narrow the watch to what is named: tags add no group then.
        discover: config.nodegroupNames.length === 0,
        signal,
        maxCallsPerPoll: deps.maxCallsPerPoll,
        startedAt: run.startedAt,
        now: () => clock.now()
    });
}

;// CONCATENATED MODULE: ./src/guard/progress.ts
/** The progress line the log gets between polls. */

function progressLine(states, cluster, clusterName, 
/** How a named node group that does not exist yet is waited for. */
waiting) {
    const parts = states.map(s => {
        if (!s.exists)
            return waiting ? waiting(s) : `${s.name}: not created yet`;
        const activities = [...s.activities.values()];
        const failed = activities.filter(a => model/* FAILED_ACTIVITY */.Kk.has(a.statusCode)).length;
        const group = s.asgNames.map(n => s.asgs.get(n)).find(Boolean);
        const inService = group
            ? `${(group.Instances ?? []).filter(i => i.LifecycleState === 'InService').length}/${group.DesiredCapacity ?? 0} in service`
            : 'no Auto Scaling group yet';
        return `${s.name}: ${s.selfManaged ? 'self-managed Auto Scaling group' : s.status}, ${inService}, ${activities.length} launch activities (${failed} failed)`;
    });
    if (parts.length > 0)
        return parts.join(' | ');
    return cluster === 'found' ? 'waiting for node groups' : `waiting for cluster ${clusterName}`;
}
function formatElapsed(ms) {
    const seconds = Math.max(0, Math.round(ms / 1000));
    return `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
}
/**
 * Logs the progress line with the time since the run started: a line that did not change is
 * repeated once a minute at most.
 */
function progressLog(info, startedAt) {
    let last = { line: '', at: 0 };
    return (line, now) => {
        if (line === last.line && now - last.at < 60_000)
            return;
        last = { line, at: now };
        info(`[${formatElapsed(now - startedAt)}] ${line}`);
    };
}

;// CONCATENATED MODULE: ./src/guard/watch.ts
/**
 * The watch of a run: each poll reads the cluster, its groups, the launchers and the add-ons,
 * schedules the key work and acts on KMS launch failures, until the loop has its verdict.
 */












/**
 * deploy, writing, with its command running: an apply may be about to move node groups to new
 * versions of their launch templates, whose keys are fixed before it asks EKS.
 */
function lookingAhead(run) {
    return writeMode(run.config) === 'write' && run.deps.command?.().running === true;
}
/** KMS launch failures act on the keys (re-read; deploy: the statements for an undecided key). */
function actOnEvidence(run) {
    if (!run.facts.reads)
        return;
    const seen = observation(run, { cancelled: false, deadlineReached: false });
    run.evidence.act(seen, watchedStates(run));
}
async function watch(run) {
    const { config, deps, facts } = run;
    const { clients, clock, log, signal } = deps;
    const reads = nodegroupReads(run);
    if (facts.clusterState === 'missing' && !deps.command)
        return observation_decide(run, { cancelled: false, deadlineReached: false });
    facts.reads = reads;
    const selfManaged = selfManagedReads(run);
    facts.selfManaged = selfManaged;
    const logProgress = progressLog(line => log.info(line), run.startedAt);
    return watchUntilVerdict({
        clock,
        pollIntervalMs: config.pollIntervalMs,
        deadline: run.startedAt + config.timeoutMs,
        signal,
        random: deps.random,
        warn: line => log.warning(line),
        poll: async () => {
            // Under a deploy command the cluster may be created after we started.
            if (facts.clusterState !== 'found' || clusterMoving(run))
                await describeCluster(run);
            if (facts.clusterState === 'found') {
                await reads.poll();
                await selfManaged.poll();
                await run.launchers.poll(facts.cluster);
                for (const state of watchedStates(run))
                    if ((0,model/* isSettled */.Is)(state))
                        state.settledAt ??= clock.now();
                // A named node group is missing: was the cluster updated lately (a deployment)?
                if (!facts.clusterUpdatesRead && watchedStates(run).some(s => !s.exists)) {
                    facts.clusterUpdatesRead = true;
                    facts.clusterUpdatedAt = await lastClusterUpdate(clients.eks, config.clusterName, signal);
                }
                await readAddons(run);
                if (lookingAhead(run))
                    await readUpcomingTemplates(clients.ec2, reads.states.values());
            }
            if (!reads.clusterSeen)
                facts.clusterState = 'missing';
            run.work.schedule(watchedStates(run));
            // A node group already terminal when first seen is decided on this read: its keys'
            // checks are awaited here rather than at the next poll (EKS will not change it).
            const terminal = [...reads.states.values()].filter(s => decide/* TERMINAL_STATES */.kl.has(s.status ?? '') && s.firstSeenStatus === s.status);
            if (terminal.length > 0)
                await run.work.settledFor(terminal.map(s => s.name));
            actOnEvidence(run);
            return { throttled: reads.throttled || selfManaged.throttled };
        },
        decide: flags => observation_decide(run, flags),
        progress: () => logProgress(progressLine(watchedStates(run), facts.clusterState, config.clusterName, state => (0,late/* waitingFor */.Fz)(observation(run, { cancelled: false, deadlineReached: false }), state)), clock.now())
    });
}

;// CONCATENATED MODULE: ./src/guard/guard.ts
/**
 * verify and deploy: resolve who we are and which role Auto Scaling uses, then watch the node
 * groups while their keys are discovered, checked and (deploy) fixed, until the one verdict.
 * This module wires the run's parts; each phase lives in its own module.
 */












/**
 * The node group's keys; during an update also those of the launch template version it moves
 * to (from the update's params), before the Auto Scaling group launches a single surge instance.
 */
async function checkKeys(registry, state) {
    await registry.checkNodegroup(state);
    for (const next of (0,model/* nextTemplates */.FN)(state))
        await registry.checkNodegroup({ ...state, launchTemplate: next, asgNames: [] });
}
class Guard {
    parts;
    constructor(config, deps) {
        const facts = {
            identity: { account: '', partition: 'aws', arn: '' },
            role: { arn: '', exists: 'unknown', source: 'expected' },
            roleCreated: false,
            clusterState: 'unknown',
            clusterUpdatesRead: false
        };
        const startedAt = deps.clock.now();
        const launchers = launcherWatch(config, deps, () => facts.identity.account);
        const registry = new KeyRegistry({
            kms: deps.clients.kms,
            ec2: deps.clients.ec2,
            clock: deps.clock,
            log: deps.log,
            timeline: deps.timeline,
            signal: deps.signal,
            region: config.region,
            permission: config,
            roleInput: config.autoscalingRoleArn,
            identity: () => facts.identity,
            role: () => facts.role,
            roleJustCreated: () => facts.roleCreated,
            cluster: () => facts.cluster
        });
        // Throttling or a 5xx in key work is retried at the next poll; AccessDenied ends the run.
        const work = new KeyWork(state => checkKeys(registry, state), error => !(error instanceof errors/* PermissionError */.i_) && (0,errors/* isTransient */.dg)(error));
        const evidence = new KmsEvidence(registry, work, () => writeMode(config) !== 'none');
        this.parts = { config, deps, startedAt, facts, registry, work, evidence, launchers };
    }
    async run() {
        const run = this.parts;
        let verdict;
        try {
            await prepare(run);
            verdict = await watch(run);
        }
        catch (error) {
            // A call cut short by the runner's cancel or the deadline before the watch began is that
            // cancel or deadline, as in the watch loop, never an AWS failure of its own.
            const signal = run.deps.signal;
            verdict = observation_decide(run, {
                ...stoppedBy(signal),
                error: signal?.aborted ? undefined : runError(error)
            });
        }
        await run.work.settled();
        return outcome(run, verdict);
    }
}

;// CONCATENATED MODULE: ./src/guard/run.ts
/** verify and deploy with real AWS clients; loaded on demand, so the SDK stays out of check's start-up. */



async function runGuard(config, deps) {
    const clients = createClients(config.region, {
        requestTimeoutMs: (0,timeout/* requestTimeoutFor */.S)(config.pollIntervalMs)
    });
    try {
        return await new Guard(config, { ...deps, clients }).run();
    }
    finally {
        destroyClients(clients);
    }
}


/***/ })

};
