/**
 * The PostgreSQL databases platform components keep their data in: CloudNativePG Clusters in the
 * component's namespace, each with a generated `<name>-app` Secret holding the login. Config rules
 * name them (`backups.restoreDatabases`); the components' constructs create and read them.
 */

/** The CloudNativePG cluster Keycloak stores its data in (see Database). */
export const KEYCLOAK_DATABASE = { name: 'keycloak-db', database: 'keycloak', owner: 'keycloak' } as const;
