export const id = 894;
export const ids = [894];
export const modules = {

/***/ 4894:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  publishComment: () => (/* binding */ publishComment)
});

// UNUSED EXPORTS: githubTimeouts

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var core = __webpack_require__(6421);
// EXTERNAL MODULE: ./src/report/run-url.ts
var run_url = __webpack_require__(7751);
;// CONCATENATED MODULE: ./src/report/comment-body.ts
/**
 * The sticky comment's body: this run's report under the marker, earlier verdicts kept in a
 * collapsed history read back from the previous body, and the whole cut under GitHub's limit.
 */
/** GitHub refuses comment bodies over 65,536 characters; stay clear of it. */
const COMMENT_LIMIT = 65_000;
const HISTORY_LIMIT = 15;
const HISTORY_START = '<!-- eks-kms-guard:history -->';
const HISTORY_END = '<!-- eks-kms-guard:history-end -->';
const VERDICT_START = '<!-- eks-kms-guard:verdict -->';
/** History lines kept in a previous body, newest first. */
function previousHistory(body) {
    const start = body.indexOf(HISTORY_START);
    const end = body.indexOf(HISTORY_END);
    const lines = start >= 0 && end > start
        ? body
            .slice(start + HISTORY_START.length, end)
            .split('\n')
            .filter(l => l.startsWith('- '))
        : [];
    const verdictAt = body.indexOf(VERDICT_START);
    if (verdictAt >= 0) {
        const line = body
            .slice(verdictAt + VERDICT_START.length)
            .split('\n')
            .find(l => l.trim());
        if (line)
            lines.unshift(`- ${line.trim()}`);
    }
    return lines.slice(0, HISTORY_LIMIT);
}
/**
 * The full comment body: marker, this run's report, and the history of earlier verdicts. Cut
 * under GitHub's limit, pointing at the job summary for the rest.
 */
function composeBody(marker, report, history, runUrl, stamp = '') {
    const [verdict, ...rest] = report.split('\n');
    const historyBlock = history.length
        ? [
            '',
            `<details><summary>Earlier runs (${history.length})</summary>`,
            '',
            HISTORY_START,
            ...history,
            HISTORY_END,
            '',
            '</details>'
        ]
        : [];
    const head = [marker, VERDICT_START, `${verdict}${stamp ? ` — ${stamp}` : ''}`];
    let body = [...head, ...rest, ...historyBlock].join('\n');
    if (body.length > COMMENT_LIMIT) {
        const note = `\n\n_The report was cut to fit a pull request comment; the full report is in the [job summary](${runUrl ?? '#'})._\n`;
        const tail = historyBlock.join('\n');
        const room = COMMENT_LIMIT - head.join('\n').length - tail.length - note.length - 1;
        body = [...head, rest.join('\n').slice(0, Math.max(0, room))].join('\n') + note + tail;
    }
    return body;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/report/comment-marker.ts
/**
 * The hidden marker that finds a run's sticky comment again: one per workflow, job, mode and what
 * is checked, so two runs share a comment only when they speak for the same thing.
 */

const MARKER_V2 = '<!-- eks-kms-guard:v2:';
function commentMarker(scope) {
    const key = [
        scope.workflow,
        scope.job,
        scope.mode,
        scope.cluster,
        [...scope.nodegroups].sort().join(','),
        [...scope.paths].sort().join(',')
    ].join('\n');
    const id = (0,external_node_crypto_.createHash)('sha256').update(key).digest('hex').slice(0, 16);
    return `${MARKER_V2}${id} -->`;
}
/**
 * The marker of earlier versions (workflow, cluster and node group set only): a comment that
 * carries it and no new marker is adopted once, so a re-run after an upgrade edits its comment
 * instead of adding a second one.
 */
function legacyCommentMarker(workflow, cluster, nodegroups) {
    const scope = `${workflow}\n${cluster}\n${[...nodegroups].sort().join(',')}`;
    const id = (0,external_node_crypto_.createHash)('sha256').update(scope).digest('hex').slice(0, 16);
    return `<!-- eks-kms-guard:${id} -->`;
}

;// CONCATENATED MODULE: ./src/report/comment.ts
/**
 * One sticky pull request comment per workflow, job, mode and what is checked (the cluster and
 * its node group set, or check's paths): found by a hidden
 * marker and the token's own login across all pages, updated in place, previous verdicts kept in
 * a collapsed history. A comment that cannot be written is a warning with the fix, never a failure.
 */


function sameLogin(a, b) {
    const norm = (s) => s.replace(/\[bot\]$/, '').toLowerCase();
    return a !== undefined && norm(a) === norm(b);
}
async function viewerLogin(api) {
    try {
        const result = await api.graphql('query { viewer { login } }');
        return result.viewer.login;
    }
    catch {
        // A GITHUB_TOKEN always acts as github-actions[bot]; other tokens answer GraphQL.
        return 'github-actions[bot]';
    }
}
async function listComments(api, target) {
    const all = [];
    for (let page = 1; page <= 50; page++) {
        const response = await api.request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
            owner: target.owner,
            repo: target.repo,
            issue_number: target.issueNumber,
            per_page: 100,
            page
        });
        const batch = response.data;
        all.push(...batch);
        if (!/rel="next"/.test(String(response.headers.link ?? '')))
            break;
    }
    return all;
}
function comment_status(error) {
    return error?.status;
}
function explainCommentError(error) {
    const code = comment_status(error);
    const base = `Could not write the pull request comment (${code ?? 'error'}: ${error?.message ?? String(error)}).`;
    if (code === 403 || code === 404) {
        return `${base} The token may not write to pull requests: grant \`permissions: pull-requests: write\`. On pull requests from forks the GITHUB_TOKEN is read-only; run the report from a \`workflow_run\` workflow (or \`pull_request_target\`, without checking out untrusted code) and pass \`pr-number\`. The job summary has the full report.`;
    }
    if (code === 422)
        return `${base} GitHub rejected the comment body; the job summary has the full report.`;
    return `${base} The job summary has the full report.`;
}
async function withRetry(fn, sleep) {
    for (let attempt = 0;; attempt++) {
        try {
            return await fn();
        }
        catch (error) {
            const code = comment_status(error) ?? 0;
            if (attempt >= 2 || (code !== 0 && code < 500 && code !== 429))
                throw error;
            await sleep(500 * 2 ** attempt);
        }
    }
}
/** Creates or updates the sticky comment; never throws. */
async function upsertComment(api, target, marker, report, options = {}) {
    const sleep = options.sleep ?? (ms => new Promise(resolve => setTimeout(resolve, ms)));
    const route = { owner: target.owner, repo: target.repo };
    try {
        const login = await viewerLogin(api);
        const ours = (await withRetry(() => listComments(api, target), sleep))
            .filter(c => sameLogin(c.user?.login, login))
            .sort((a, b) => a.id - b.id);
        const legacy = options.legacyMarker;
        const existing = ours.find(c => c.body?.includes(marker)) ??
            (legacy ? ours.find(c => c.body?.includes(legacy) && !c.body.includes(MARKER_V2)) : undefined);
        const body = composeBody(marker, report, existing?.body ? previousHistory(existing.body) : [], options.runUrl, options.stamp);
        let result;
        if (existing) {
            if (existing.body === body)
                return { status: 'unchanged', url: existing.html_url };
            const response = await withRetry(() => api.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
                ...route,
                comment_id: existing.id,
                body
            }), sleep);
            result = { status: 'updated', url: response.data.html_url };
        }
        else {
            const response = await withRetry(() => api.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
                ...route,
                issue_number: target.issueNumber,
                body
            }), sleep);
            result = { status: 'created', url: response.data.html_url };
        }
        // Two runs racing may both have created a comment: the oldest one stays, the others go.
        const after = (await listComments(api, target))
            .filter(c => c.body?.includes(marker) && sameLogin(c.user?.login, login))
            .sort((a, b) => a.id - b.id);
        if (after.length > 1) {
            const keep = after[0];
            for (const extra of after.slice(1))
                await api.request('DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}', {
                    ...route,
                    comment_id: extra.id
                });
            if (keep.body !== body)
                await api.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
                    ...route,
                    comment_id: keep.id,
                    body
                });
            result = { status: 'updated', url: keep.html_url };
        }
        return result;
    }
    catch (error) {
        return { status: 'failed', message: explainCommentError(error) };
    }
}

;// CONCATENATED MODULE: ./src/report/pull-request.ts
/** The pull request to report on: the event's, the `pr-number` input, or the branch's open one. */
async function findPullRequest(api, context, prNumber) {
    if (prNumber)
        return prNumber;
    const fromEvent = context.payload.pull_request?.number;
    if (fromEvent)
        return fromEvent;
    if ((context.eventName === 'workflow_dispatch' || context.eventName === 'push') &&
        context.ref.startsWith('refs/heads/')) {
        const branch = context.ref.slice('refs/heads/'.length);
        try {
            const response = await api.request('GET /repos/{owner}/{repo}/pulls', {
                owner: context.owner,
                repo: context.repo,
                head: `${context.owner}:${branch}`,
                state: 'open',
                per_page: 1
            });
            return response.data[0]?.number;
        }
        catch {
            return undefined;
        }
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/report/publish.ts
/** Where a report goes besides the log: the pull request comment (shared by the main and post steps). */





/**
 * How long GitHub gets: each request, and the comment as a whole (every retry included). A GitHub
 * that accepts the connection and never answers must not hold the step; tests shorten it through
 * the environment.
 */
function githubTimeouts(env = process.env) {
    const value = Number(env.EKS_KMS_GUARD_GITHUB_TIMEOUT_SECONDS);
    const requestMs = Number.isFinite(value) && value > 0 ? value * 1000 : 20_000;
    return { requestMs, totalMs: requestMs * 3 };
}
/** The sticky pull request comment; any problem is a warning, never the step's failure. */
async function publishComment(config, markdown) {
    if (!config.prComment)
        return;
    if (!config.githubToken) {
        core.info('No github-token: the pull request comment is skipped.');
        return;
    }
    // Octokit is loaded only when there is a comment to write.
    const github = await __webpack_require__.e(/* import() */ 564).then(__webpack_require__.bind(__webpack_require__, 5564));
    const { context } = github;
    // The toolkit reads GITHUB_API_URL once, when it loads; read it when the comment is written.
    const octokit = github.getOctokit(config.githubToken, {
        baseUrl: process.env.GITHUB_API_URL || 'https://api.github.com'
    });
    // Octokit sends no timeout of its own: it hands request.signal to fetch
    // (`request.signal` of @octokit/types RequestRequestOptions:
    // https://octokit.github.io/types.ts/interfaces/RequestRequestOptions.html), so every request,
    // the GraphQL one included, gets its own deadline and the whole comment one more.
    const limits = githubTimeouts();
    const overall = AbortSignal.timeout(limits.totalMs);
    let unanswered = 0;
    octokit.hook.before('request', options => {
        const signal = AbortSignal.any([AbortSignal.timeout(limits.requestMs), overall]);
        signal.addEventListener('abort', () => unanswered++, { once: true });
        options.request = { ...options.request, signal };
    });
    const api = octokit;
    const { owner, repo } = context.repo;
    const issueNumber = await findPullRequest(api, { eventName: context.eventName, payload: context.payload, ref: context.ref, owner, repo }, config.prNumber);
    if (!issueNumber) {
        core.info('No pull request is known for this run (pass pr-number for workflow_dispatch): only the job summary was written.');
        return;
    }
    const marker = commentMarker({
        workflow: context.workflow,
        job: context.job,
        mode: config.mode,
        cluster: config.clusterName,
        nodegroups: config.nodegroupNames,
        paths: config.mode === 'check' ? [...config.terraformPaths, config.planJson ?? ''] : []
    });
    const legacyMarker = legacyCommentMarker(context.workflow, config.clusterName, config.nodegroupNames);
    const url = (0,run_url/* runUrl */.V)();
    const stamp = `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC${url ? `, [run ${context.runId}](${url})` : ''}`;
    const result = await upsertComment(api, { owner, repo, issueNumber }, marker, markdown, {
        runUrl: url,
        stamp,
        legacyMarker
    });
    if (result.status === 'failed') {
        const silence = unanswered > 0
            ? ` GitHub did not answer ${unanswered} request${unanswered > 1 ? 's' : ''} within ${limits.requestMs / 1000}s each (${limits.totalMs / 1000}s for the whole comment); gave up on the comment.`
            : '';
        core.warning(`${result.message ?? 'Could not write the pull request comment.'}${silence}`);
        return;
    }
    if (result.url)
        core.setOutput('comment-url', result.url);
    core.info(`Pull request #${issueNumber} comment ${result.status}${result.url ? `: ${result.url}` : ''}.`);
}


/***/ })

};
