import type { ApplicationName } from '../../config/schema';

/** Secret with the OIDC client secret of an application, in its namespace (key `clientSecret`). */
export function applicationOidcSecret(app: ApplicationName): string {
  return `${app}-oidc`;
}

/** Secret with the object-storage credentials of an application's database backups. */
export function applicationBackupSecret(app: ApplicationName): string {
  return `${app}-db-backup`;
}
