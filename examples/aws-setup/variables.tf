variable "github_repository" {
  description = "The repository whose workflows may assume the roles, as OWNER/REPO (e.g. acme/infra)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.github_repository))
    error_message = "github_repository must be OWNER/REPO."
  }
}

variable "github_owner_id" {
  description = "Numeric id of the repository owner. Set it, with github_repository_id, when the repository uses GitHub's immutable subject format (repositories created after 2026-07-15, or opted in): the sub claim is then repo:OWNER@OWNER_ID/REPO@REPO_ID:…"
  type        = string
  default     = ""
}

variable "github_repository_id" {
  description = "Numeric id of the repository; see github_owner_id."
  type        = string
  default     = ""
}

variable "create_oidc_provider" {
  description = "Create the GitHub OIDC provider. An account holds at most one provider per URL: set false when it already exists (it is then looked up)."
  type        = bool
  default     = true
}

variable "verify_branches" {
  description = "Branches whose push and scheduled runs may assume the verify role (besides pull requests from this repository)."
  type        = list(string)
  default     = ["main"]
}

variable "verify_environment" {
  description = "GitHub environment the verify jobs use, if any (a job that names an environment gets an environment subject instead of a branch one). Empty: none."
  type        = string
  default     = ""
}

variable "deploy_environment" {
  description = "GitHub environment whose jobs may assume the deploy role (protect it with required reviewers and a main-only branch rule). Empty: trust pushes to deploy_branch instead."
  type        = string
  default     = "production"
}

variable "deploy_branch" {
  description = "Used only when deploy_environment is empty: the branch whose runs may assume the deploy role."
  type        = string
  default     = "main"
}

variable "restrict_key_policy_writes_to_tagged_keys" {
  description = "Let the deploy role write only the key policies of keys tagged eks-kms-guard = managed (KMS attribute-based access control). Keys without the tag are reported, never written."
  type        = bool
  default     = false
}

variable "deploy_role_extra_policy_arns" {
  description = "Managed policies to attach to the deploy role as well — e.g. Terraform's own permissions when the guard runs `command: terraform apply` with this role."
  type        = list(string)
  default     = []
}

variable "role_name_prefix" {
  description = "Prefix of the two role names."
  type        = string
  default     = "eks-kms-guard"
}

variable "max_session_duration" {
  description = "Longest session, in seconds, a workflow can ask for (configure-aws-credentials role-duration-seconds). A deploy that watches a node group for up to an hour plus the apply needs more than the default hour."
  type        = number
  default     = 7200
}
