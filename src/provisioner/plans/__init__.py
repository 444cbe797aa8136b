"""Plan, approve and apply exactly the plan (Terraform's plan/apply for switch configs), inside change windows."""
