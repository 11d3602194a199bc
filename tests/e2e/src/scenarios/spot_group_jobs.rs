//! An Elastigroup's integrations at work, as an operator does it: the group is given its ECS,
//! Beanstalk and CodeDeploy integrations on the Configuration tab (the Deployments tab says why
//! their sections are hidden until then); an ECS cluster roll is started, a second refused in
//! Spot's words while it runs, the first followed until complete, a slower one stopped once
//! confirmed; Beanstalk maintenance is started, then finished once confirmed and followed back
//! to ACTIVE, the environment shown and re-imported once confirmed; a CodeDeploy deployment is
//! started and its status shown until finished.

use super::spot_groups::{new_group, CONFIRM};
use crate::{ensure, Page, Scenario, ScenarioFuture, Stack};

pub fn scenarios() -> Vec<Scenario> {
    vec![Scenario {
        name: "spot groups: an ECS cluster roll followed to complete (a second refused, a slower one stopped), Beanstalk maintenance started then finished once confirmed and re-imported, a CodeDeploy deployment's status shown",
        run: integrations,
    }]
}

/// What the group is given on its Configuration tab.
const INTEGRATIONS: &str = r#""thirdPartiesIntegration": {"ecs": {"clusterName": "e2e-ecs"}, "elasticBeanstalk": {"environmentId": "e-e2e"}, "codeDeploy": {"deploymentGroups": [{"applicationName": "web", "deploymentGroupName": "web-bg"}]}}"#;

fn integrations<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        new_group(p, "e2e-integrated", "2").await?;
        p.click("#spot-group-tab-deployments").await?;
        p.wait_text("#spot-ecs-hidden", "thirdPartiesIntegration.ecs")
            .await?;
        p.wait_for("#spot-beanstalk-hidden").await?;

        // The integrations, added through the configuration editor.
        p.click("#spot-group-tab-configuration").await?;
        p.wait_value("#spot-config-json", "e2e-integrated").await?;
        let script = format!(
            "return document.querySelector('#spot-config-json').value.replace('\"region\": \"us-east-1\"', '\"region\": \"us-east-1\", ' + {})",
            serde_json::to_string(INTEGRATIONS)?
        );
        let edited = p.js(&script).await?;
        p.set("#spot-config-json", edited.as_str().unwrap_or_default())
            .await?;
        p.click("#spot-config-review").await?;
        p.click("#spot-config-send").await?;
        p.click(CONFIRM).await?;
        p.wait_text("#spot-config-done", "Spot updated the group")
            .await?;

        // An ECS cluster roll, a second refused while it runs, followed until complete.
        p.click("#spot-group-tab-deployments").await?;
        p.set("#spot-ecs-batch", "50").await?;
        p.fill("#spot-ecs-comment", "e2e roll").await?;
        p.click("#spot-ecs-go").await?;
        p.wait_text("#spot-ecs-started", "started").await?;
        p.click("#spot-ecs-go").await?;
        p.wait_text("#spot-ecs", "Can't have 2 Rolls at the same time")
            .await?;
        p.wait_text("#spot-ecs-rolls", "Batch 2: finished").await?;
        p.wait_text("#spot-ecs-rolls", "completed").await?;
        p.wait_text("#spot-rolls", "ECS cluster roll").await?;
        p.wait_text("#spot-rolls", "completed").await?;
        // A slower roll, stopped once confirmed.
        p.set("#spot-ecs-batch", "10").await?;
        p.click("#spot-ecs-go").await?;
        p.wait_text("#spot-ecs-started", "started").await?;
        p.click("#spot-ecs-stop").await?;
        p.wait_text(".dialog", "Batches already rolled keep their new instances")
            .await?;
        p.click(CONFIRM).await?;
        p.wait_text("#spot-ecs-stopped", "Cluster roll stopped")
            .await?;
        p.wait_text("#spot-ecs-rolls", "stopped").await?;

        // Beanstalk maintenance: started, then finished once confirmed, back to ACTIVE.
        p.wait_text("#spot-beanstalk-status", "Not in maintenance")
            .await?;
        p.click("#spot-beanstalk-start").await?;
        p.wait_text("#spot-beanstalk-status", "In maintenance")
            .await?;
        p.click("#spot-beanstalk-finish").await?;
        p.wait_text(".dialog", "starts a blue/green deployment")
            .await?;
        ensure(
            p.text("#spot-beanstalk-status")
                .await?
                .contains("In maintenance"),
            "maintenance finished before it was confirmed",
        )?;
        p.click(CONFIRM).await?;
        p.wait_text("#spot-beanstalk-finished", "Maintenance finished")
            .await?;
        p.wait_text("#spot-beanstalk-status", "Not in maintenance")
            .await?;
        p.click("#spot-beanstalk-config-show").await?;
        p.wait_text("#spot-beanstalk-config", "e-e2e").await?;
        p.click("#spot-beanstalk-reimport").await?;
        p.wait_text(".dialog", "launch specification").await?;
        p.click(CONFIRM).await?;
        p.wait_text("#spot-beanstalk-reimported", "re-imported")
            .await?;

        // CodeDeploy: the integration's deployment group filled in; the status shown to the end.
        p.wait_value("#spot-codedeploy-groups", "web/web-bg")
            .await?;
        p.click("#spot-codedeploy-go").await?;
        p.wait_text("#spot-codedeploy-started", "started").await?;
        p.wait_text("#spot-codedeploy-list", "cdbg-").await?;
        p.wait_text("#spot-codedeploy-list", "finished").await?;
        Ok(())
    })
}
