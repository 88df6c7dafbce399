# GitHub Actions OIDC → two IAM roles for eks-kms-guard:
#   verify: read-only, for pull requests from this repository and runs on the listed branches;
#   deploy: writes key policies (and grants on other accounts' keys), only from a protected
#           GitHub environment (or the main branch).
# The permission policies in policies/*.json are generated from src/aws/permissions.ts
# (`npm run permissions`); edit that file, not the JSON.

data "aws_partition" "current" {}
data "aws_caller_identity" "current" {}

locals {
  oidc_host         = "token.actions.githubusercontent.com"
  oidc_provider_arn = var.create_oidc_provider ? aws_iam_openid_connect_provider.github[0].arn : data.aws_iam_openid_connect_provider.github[0].arn

  # The repository as the `sub` claim spells it: OWNER/REPO, or the immutable
  # OWNER@OWNER_ID/REPO@REPO_ID form of newer (or opted-in) repositories.
  owner_and_repo = split("/", var.github_repository)
  subject_repository = (var.github_owner_id != "" && var.github_repository_id != ""
    ? "${local.owner_and_repo[0]}@${var.github_owner_id}/${local.owner_and_repo[1]}@${var.github_repository_id}"
  : var.github_repository)

  # The `sub` claim GitHub puts in the token: one exact value per way a workflow may run.
  # https://docs.github.com/en/actions/deployment/security-hardening-your-deployments/about-security-hardening-with-openid-connect#example-subject-claims
  verify_subjects = concat(
    ["repo:${local.subject_repository}:pull_request"],
    [for branch in var.verify_branches : "repo:${local.subject_repository}:ref:refs/heads/${branch}"],
    var.verify_environment == "" ? [] : ["repo:${local.subject_repository}:environment:${var.verify_environment}"],
  )
  deploy_subjects = var.deploy_environment != "" ? ["repo:${local.subject_repository}:environment:${var.deploy_environment}"] : ["repo:${local.subject_repository}:ref:refs/heads/${var.deploy_branch}"]

  policy_template_vars = {
    partition  = data.aws_partition.current.partition
    account_id = data.aws_caller_identity.current.account_id
  }
}

resource "aws_iam_openid_connect_provider" "github" {
  count          = var.create_oidc_provider ? 1 : 0
  url            = "https://${local.oidc_host}"
  client_id_list = ["sts.amazonaws.com"]
}

data "aws_iam_openid_connect_provider" "github" {
  count = var.create_oidc_provider ? 0 : 1
  url   = "https://${local.oidc_host}"
}

data "aws_iam_policy_document" "trust" {
  for_each = {
    verify = local.verify_subjects
    deploy = local.deploy_subjects
  }

  statement {
    sid     = "GitHubActions${title(each.key)}"
    effect  = "Allow"
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [local.oidc_provider_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.oidc_host}:aud"
      values   = ["sts.amazonaws.com"]
    }

    # Exact subjects, never a wildcard such as repo:OWNER/REPO:* (that would let any branch,
    # and for deploy any pull request, assume the role).
    condition {
      test     = "StringEquals"
      variable = "${local.oidc_host}:sub"
      values   = each.value
    }
  }
}

resource "aws_iam_role" "verify" {
  name                 = "${var.role_name_prefix}-verify"
  description          = "eks-kms-guard verify (read-only) for ${var.github_repository}"
  assume_role_policy   = data.aws_iam_policy_document.trust["verify"].json
  max_session_duration = var.max_session_duration
}

resource "aws_iam_role_policy" "verify" {
  name   = "eks-kms-guard-verify"
  role   = aws_iam_role.verify.id
  policy = templatefile("${path.module}/policies/verify.json", local.policy_template_vars)
}

resource "aws_iam_role" "deploy" {
  name                 = "${var.role_name_prefix}-deploy"
  description          = "eks-kms-guard deploy (patches KMS key policies) for ${var.github_repository}"
  assume_role_policy   = data.aws_iam_policy_document.trust["deploy"].json
  max_session_duration = var.max_session_duration
}

resource "aws_iam_role_policy" "deploy" {
  name = "eks-kms-guard-deploy"
  role = aws_iam_role.deploy.id
  policy = templatefile(
    "${path.module}/policies/${var.restrict_key_policy_writes_to_tagged_keys ? "deploy-tagged" : "deploy"}.json",
    local.policy_template_vars,
  )
}

resource "aws_iam_role_policy_attachment" "deploy_extra" {
  for_each   = toset(var.deploy_role_extra_policy_arns)
  role       = aws_iam_role.deploy.name
  policy_arn = each.value
}
