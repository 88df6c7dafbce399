output "verify_role_arn" {
  description = "role-to-assume for verify jobs (aws-actions/configure-aws-credentials)."
  value       = aws_iam_role.verify.arn
}

output "deploy_role_arn" {
  description = "role-to-assume for deploy jobs (aws-actions/configure-aws-credentials)."
  value       = aws_iam_role.deploy.arn
}

output "oidc_provider_arn" {
  description = "The GitHub OIDC provider the roles trust."
  value       = local.oidc_provider_arn
}
