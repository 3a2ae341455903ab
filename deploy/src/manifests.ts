/**
 * What deploy/src's tests check of deploy/k8s: every manifest against its kind's schema
 * (kubernetes-models: the Kubernetes OpenAPI schemas, compiled to validators), and the
 * cross-references between the manifests, the image and `acgan launch` that no schema
 * sees. Each check returns the problems it found, as sentences; none is a pass.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Pod } from 'kubernetes-models/v1/Pod';
import { Service } from 'kubernetes-models/v1/Service';
import { commandKeys, keyToFlag, parseArgs, resolveConfig } from '@acgan/config';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const K8S_DIR = join(REPO, 'deploy', 'k8s');

/** One parsed YAML document: where it came from and the plain object. */
export interface Doc {
  file: string;
  obj: Record<string, any>;
}

/** Every document of every .yaml/.yml file under `dir`, parsed as Kubernetes does (YAML 1.1). */
export function loadDocs(dir = K8S_DIR): Doc[] {
  const docs: Doc[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name)) docs.push(...parseDocs(readFileSync(p, 'utf8'), relative(REPO, p)));
    }
  };
  walk(dir);
  return docs;
}

export function parseDocs(text: string, file: string): Doc[] {
  return parseAllDocuments(text, { version: '1.1' }).flatMap((d) => {
    if (d.errors.length > 0) throw new Error(`${file}: ${d.errors.map((e) => e.message).join('; ')}`);
    const obj = d.toJS();
    if (obj === null || obj === undefined) return [];
    if (typeof obj !== 'object' || Array.isArray(obj)) throw new Error(`${file}: a document that is not a mapping`);
    return [{ file, obj }];
  });
}

/** The models of the kinds deploy/k8s may hold; any other kind is an error, not a skip. */
const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'batch/v1 Job': Job,
  'v1 PersistentVolumeClaim': PersistentVolumeClaim,
  'v1 Pod': Pod,
  'v1 Service': Service,
};

/** kustomize's own file: not an API object, checked by kustomizationProblems. */
export const isKustomization = (o: Record<string, any>) => o.apiVersion === 'kustomize.config.k8s.io/v1beta1' && o.kind === 'Kustomization';

/**
 * The object against its kind's schema. The schemas are the Kubernetes OpenAPI's: they
 * catch wrong types, bad enum values and missing required fields, but (like the OpenAPI
 * they come from) not misspelled field names, which the API server's strict field
 * validation does (kubectl apply --dry-run=server).
 */
export function schemaProblems(obj: Record<string, any>): string[] {
  const model = MODELS[`${obj.apiVersion} ${obj.kind}`];
  if (!model) return [`unknown kind ${obj.apiVersion} ${obj.kind}: no schema to check it against`];
  try {
    new model(obj).validate();
    return [];
  } catch (err) {
    return [`${obj.kind} ${obj.metadata?.name}: ${(err as Error).message}`];
  }
}

const envOf = (container: any, name: string): any => (container.env ?? []).find((e: any) => e.name === name);
const envValue = (container: any, name: string): string | undefined => envOf(container, name)?.value;

/** The rendezvous variables (apps/cli/src/launch/rendezvous.ts reads them), not flags: a flag is the same in every pod. */
const RENDEZVOUS_FLAGS = ['coordinator', 'rank', 'worldSize', 'localRank', 'port'];
/** launch's own switches (launch.ts parses with them). */
const LAUNCH_SWITCHES = new Set(['help', 'insecurePlaintext', 'skipBadImages']);

/** The FROM_RENDEZVOUS list of launch.ts: flags launch sets itself and refuses. Read from its source, so that it cannot drift. */
export function launchSetsItself(): string[] {
  const src = readFileSync(join(REPO, 'apps/cli/src/commands/launch.ts'), 'utf8');
  const m = /const FROM_RENDEZVOUS = \[([^\]]*)\]/.exec(src);
  if (!m) throw new Error('apps/cli/src/commands/launch.ts has no FROM_RENDEZVOUS list: update deploy/src/manifests.ts');
  return [...m[1].matchAll(/'([^']+)'/g)].map((x) => x[1]);
}

/**
 * The arguments after `launch` as `acgan launch` takes them: the run flags of `acgan
 * coordinator` (@acgan/config's table), with values its config accepts; no flag that
 * launch sets itself, and no rendezvous flag (those come from each pod's environment).
 */
export function launchArgProblems(args: readonly string[]): string[] {
  let flags: Map<string, string | true>;
  let positional: string[];
  try {
    ({ flags, positional } = parseArgs(args, LAUNCH_SWITCHES));
  } catch (err) {
    return [(err as Error).message];
  }
  const problems: string[] = [];
  if (positional.length > 0) problems.push(`acgan launch takes no positional argument, got ${JSON.stringify(positional)}`);
  const fromRendezvous = launchSetsItself();
  const runKeys = new Set<string>([...commandKeys('coordinator'), 'preset', 'config']);
  for (const k of flags.keys()) {
    if (fromRendezvous.includes(k)) problems.push(`--${keyToFlag(k)}: acgan launch sets it itself`);
    else if (RENDEZVOUS_FLAGS.includes(k)) problems.push(`--${keyToFlag(k)}: a rendezvous value, given by each pod's ACGAN_* environment, not by a flag shared by all pods`);
    else if (!runKeys.has(k)) problems.push(`--${keyToFlag(k)}: not a flag of acgan launch (nor of acgan coordinator)`);
  }
  if (problems.length > 0) return problems;
  try {
    resolveConfig(flags, { command: 'coordinator' });
  } catch (err) {
    problems.push((err as Error).message);
  }
  return problems;
}

/** Files a `kubectl create secret generic NAME --from-file=KEY=PATH ...` line in a comment of the kustomization makes. */
export function documentedSecret(kustomizationText: string): { name: string; keys: string[] } | undefined {
  const m = /kubectl create secret generic (\S+)((?: --from-file=\S+)+)/.exec(kustomizationText);
  if (!m) return undefined;
  const keys = [...m[2].matchAll(/--from-file=([^=\s]+)=/g)].map((x) => x[1]);
  return { name: m[1], keys };
}

const byKind = (docs: Doc[], kind: string) => docs.filter((d) => d.obj.kind === kind).map((d) => d.obj);
const contains = (labels: Record<string, string> | undefined, selector: Record<string, string> | undefined) =>
  !!selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);

export interface Image {
  /** Where the image runs the CLI from (WORKDIR / its repository root). */
  appRoot: string;
  entrypoint: string[];
}

/** The checks no schema makes: between the Job, its Service, its claim, its Secret, the image and `acgan launch`. */
export function crossProblems(docs: Doc[], image: Image, kustomizationText: string): string[] {
  const p: string[] = [];
  const jobs = byKind(docs, 'Job');
  const services = byKind(docs, 'Service');
  const claims = byKind(docs, 'PersistentVolumeClaim');
  if (jobs.length !== 1) return [`expected one Job in deploy/k8s, found ${jobs.length}`];
  const job = jobs[0];
  const name: string = job.metadata?.name;
  const spec = job.spec ?? {};
  const pod = spec.template?.spec ?? {};
  const labels = spec.template?.metadata?.labels;

  // The Indexed Job and its size.
  if (spec.completionMode !== 'Indexed') p.push(`Job ${name}: completionMode must be Indexed (the completion index is the rank)`);
  const container = (pod.containers ?? [])[0];
  if (!container || pod.containers.length !== 1) return [...p, `Job ${name}: expected one container`];
  const world = Number(envValue(container, 'ACGAN_WORLD_SIZE'));
  if (!(Number.isInteger(world) && world >= 1)) p.push(`Job ${name}: ACGAN_WORLD_SIZE must be a positive integer, got ${envValue(container, 'ACGAN_WORLD_SIZE')}`);
  if (spec.completions !== world || spec.parallelism !== world)
    p.push(`Job ${name}: completions (${spec.completions}) and parallelism (${spec.parallelism}) must both be ACGAN_WORLD_SIZE (${world})`);
  const rank = envOf(container, 'ACGAN_RANK');
  if (rank?.valueFrom?.fieldRef?.fieldPath !== "metadata.annotations['batch.kubernetes.io/job-completion-index']") {
    p.push(`Job ${name}: ACGAN_RANK must come from the pod's completion index (fieldRef metadata.annotations['batch.kubernetes.io/job-completion-index'])`);
  }
  // Rules of the API server's validation that the OpenAPI schema does not hold.
  if (spec.backoffLimitPerIndex !== undefined && pod.restartPolicy !== 'Never') p.push(`Job ${name}: backoffLimitPerIndex needs restartPolicy Never`);
  if (spec.podFailurePolicy && pod.restartPolicy !== 'Never') p.push(`Job ${name}: podFailurePolicy needs restartPolicy Never`);
  for (const rule of spec.podFailurePolicy?.rules ?? []) {
    const c = rule.onExitCodes?.containerName;
    if (c !== undefined && !pod.containers.some((x: any) => x.name === c)) p.push(`Job ${name}: podFailurePolicy names container ${c}, which the pod does not have`);
  }

  // The headless Service: the pods' DNS names and the coordinator's address.
  const svc = services.find((s) => s.metadata?.name === pod.subdomain);
  if (!svc) p.push(`Job ${name}: subdomain ${pod.subdomain} is no Service of deploy/k8s (${services.map((s) => s.metadata?.name).join(', ')})`);
  else {
    if (svc.spec?.clusterIP !== 'None') p.push(`Service ${svc.metadata.name}: must be headless (clusterIP: None) for the pods' DNS names`);
    if (!contains(labels, svc.spec?.selector)) p.push(`Service ${svc.metadata.name}: its selector ${JSON.stringify(svc.spec?.selector)} does not match the Job's pod labels`);
    const coord = /^([^:]+):(\d+)$/.exec(envValue(container, 'ACGAN_COORDINATOR') ?? '');
    if (!coord || coord[1] !== `${name}-0.${svc.metadata.name}`) {
      p.push(`Job ${name}: ACGAN_COORDINATOR must be ${name}-0.${svc.metadata.name}:<port> (index 0 through the Service), got ${envValue(container, 'ACGAN_COORDINATOR')}`);
    } else {
      const port = Number(coord[2]);
      if (!(svc.spec.ports ?? []).some((x: any) => x.port === port && (x.targetPort ?? port) === port)) p.push(`Service ${svc.metadata.name}: no port ${port} for the coordinator`);
      if (!(container.ports ?? []).some((x: any) => x.containerPort === port)) p.push(`Job ${name}: the container declares no port ${port} for the coordinator`);
    }
  }

  // One GPU per pod, an image, and the CLI's launch.
  for (const d of docs.filter((x) => x.obj.kind === 'Job' || x.obj.kind === 'Pod')) {
    const ps = d.obj.kind === 'Job' ? d.obj.spec?.template?.spec : d.obj.spec;
    for (const c of ps?.containers ?? []) if (!c.image) p.push(`${d.file}: container ${c.name} has no image`);
  }
  if (String(container.resources?.limits?.['nvidia.com/gpu']) !== '1') p.push(`Job ${name}: each pod must ask for one GPU (resources.limits nvidia.com/gpu: 1)`);
  const command: string[] = [...(container.command ?? image.entrypoint), ...(container.args ?? [])];
  const cli = command[1];
  if (command[0] !== 'node' || !cli?.startsWith(image.appRoot + '/') || cli.slice(image.appRoot.length + 1) !== 'apps/cli/bin/acgan.mjs') {
    p.push(`Job ${name}: the container must run node ${image.appRoot}/apps/cli/bin/acgan.mjs, runs ${JSON.stringify(command.slice(0, 2))}`);
  }
  if (command[2] !== 'launch') p.push(`Job ${name}: the container must run acgan launch, runs acgan ${command[2]}`);
  else p.push(...launchArgProblems(command.slice(3)).map((x) => `Job ${name}: acgan launch ${x}`));

  // Volumes: the run folder's claim, the CURVE Secret.
  const mounts: any[] = container.volumeMounts ?? [];
  const volume = (n: string) => (pod.volumes ?? []).find((v: any) => v.name === n);
  for (const d of docs.filter((x) => x.obj.kind === 'Job' || x.obj.kind === 'Pod')) {
    const ps = d.obj.kind === 'Job' ? d.obj.spec?.template?.spec : d.obj.spec;
    for (const v of ps?.volumes ?? []) {
      const claim = v.persistentVolumeClaim?.claimName;
      if (claim !== undefined && !claims.some((c) => c.metadata?.name === claim)) p.push(`${d.file}: claim ${claim} is no PersistentVolumeClaim of deploy/k8s`);
    }
  }
  const args = parseArgs(command.slice(3), LAUNCH_SWITCHES).flags;
  const runDir = args.get('runDir');
  const runMount = mounts.find((m) => typeof runDir === 'string' && runDir.startsWith(m.mountPath + '/'));
  const runClaim = runMount && volume(runMount.name)?.persistentVolumeClaim?.claimName;
  if (!runClaim) p.push(`Job ${name}: --run-dir ${runDir} must be under a mounted PersistentVolumeClaim (a restarted pod resumes from its checkpoint)`);
  else if (!claims.find((c) => c.metadata?.name === runClaim)?.spec?.accessModes?.includes('ReadWriteMany'))
    p.push(`PersistentVolumeClaim ${runClaim}: every pod mounts it, so ReadWriteMany`);
  if (runMount?.readOnly) p.push(`Job ${name}: the run folder is mounted read-only`);

  const secret = documentedSecret(kustomizationText);
  if (!secret) p.push('deploy/k8s/kustomization.yaml: no `kubectl create secret generic ... --from-file=...` line for the CURVE Secret');
  for (const env of ['ACGAN_CURVE_KEYS', 'ACGAN_CURVE_SERVER_KEY', 'ACGAN_CURVE_ALLOW']) {
    const path = envValue(container, env);
    if (path === undefined) {
      p.push(`Job ${name}: ${env} is not set (plaintext is refused off loopback)`);
      continue;
    }
    const mount = mounts.find((m) => path.startsWith(m.mountPath + '/'));
    const v = mount && volume(mount.name);
    if (!v?.secret) {
      p.push(`Job ${name}: ${env}=${path} is not in a mounted Secret`);
      continue;
    }
    if (secret && v.secret.secretName !== secret.name) p.push(`Job ${name}: volume ${v.name} mounts Secret ${v.secret.secretName}, the documented one is ${secret.name}`);
    const file = path.slice(mount.mountPath.length + 1);
    // ACGAN_CURVE_KEYS is a prefix: <prefix>.key and <prefix>.pub.
    const needed = env === 'ACGAN_CURVE_KEYS' ? [`${file}.key`, `${file}.pub`] : [file];
    for (const f of needed) if (secret && !secret.keys.includes(f)) p.push(`Job ${name}: ${env} needs ${f} in Secret ${secret.name}, which the documented command does not make`);
  }

  // Every ACGAN_* variable set is one the rendezvous reads.
  const rendezvous = readFileSync(join(REPO, 'apps/cli/src/launch/rendezvous.ts'), 'utf8');
  for (const e of container.env ?? [])
    if (e.name.startsWith('ACGAN_') && !rendezvous.includes(`env.${e.name}`)) p.push(`Job ${name}: ${e.name} is not read by apps/cli/src/launch/rendezvous.ts`);
  return p;
}

/** The kustomization lists exactly the manifests to apply: those of deploy/k8s outside fetch/. */
export function kustomizationProblems(docs: Doc[], kustomization: Record<string, any>): string[] {
  const p: string[] = [];
  const listed: string[] = kustomization.resources ?? [];
  const files = [...new Set(docs.filter((d) => !isKustomization(d.obj)).map((d) => relative('deploy/k8s', d.file)))].filter((f) => !f.startsWith('fetch/'));
  for (const f of listed) if (!files.includes(f)) p.push(`kustomization.yaml lists ${f}, which is no manifest of deploy/k8s`);
  for (const f of files) if (!listed.includes(f)) p.push(`kustomization.yaml does not list ${f}`);
  const jobImage: string | undefined = docs.find((d) => d.obj.kind === 'Job')?.obj.spec?.template?.spec?.containers?.[0]?.image;
  for (const i of kustomization.images ?? []) if (!jobImage?.startsWith(`${i.name}:`)) p.push(`kustomization.yaml: image ${i.name} is not the Job's (${jobImage})`);
  return p;
}
