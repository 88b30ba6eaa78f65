// The seed's check-jira-license script on jirakit: jirashell's command line, OAuth, one UPM call.
// npx tsx examples/license-slots.ts --server URL --consumer-key K --access-token T --key-cert rsa.pem
import { connect, getConfig, isJiraKitError } from 'jirakit';

try {
  const jira = await connect(await getConfig()); // the flags, environment, profile and jirashell.ini jirakit uses
  const { activeUserCount, licensedUserCount } = await jira.license('jira-software');
  console.log(`Using ${activeUserCount} of ${licensedUserCount} license slots`);
} catch (error) {
  console.error(isJiraKitError(error) ? `${error.message}. ${error.hint ?? ''}` : error);
  process.exitCode = 1;
}
