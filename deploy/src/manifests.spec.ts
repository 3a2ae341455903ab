import { describe, expect, it } from 'vitest';
import { crossProblems, isKustomization, kustomizationProblems, launchArgProblems, loadDocs, parseDocs, schemaProblems, type Doc, type Image } from './manifests.ts';
import { parseDockerfile, readRepo } from './dockerfile.ts';

const docs = loadDocs();
const manifests = docs.filter((d) => !isKustomization(d.obj));
const kustomizationText = readRepo('deploy/k8s/kustomization.yaml');
const kustomization = docs.find((d) => isKustomization(d.obj))!.obj;

/** The image as the Dockerfile makes it: its last stage's WORKDIR and ENTRYPOINT. */
function imageOfDockerfile(): Image {
  const ins = parseDockerfile(readRepo('Dockerfile'));
  const last = ins.map((i) => i.op).lastIndexOf('FROM');
  const stage = ins.slice(last);
  const workdir = stage.filter((i) => i.op === 'WORKDIR').at(-1)?.rest;
  const entrypoint = stage.filter((i) => i.op === 'ENTRYPOINT').at(-1)?.rest;
  if (!workdir || !entrypoint) throw new Error('the Dockerfile has no WORKDIR or no ENTRYPOINT in its last stage');
  return { appRoot: workdir, entrypoint: JSON.parse(entrypoint) };
}
const image = imageOfDockerfile();

/** A deep copy of the manifests with `edit` applied to the document of kind `kind`. */
function edited(kind: string, edit: (o: any) => void): Doc[] {
  const copy: Doc[] = structuredClone(docs);
  const d = copy.find((x) => x.obj.kind === kind);
  if (!d) throw new Error(`no ${kind}`);
  edit(d.obj);
  return copy;
}
const job = (ds: Doc[]) => ds.find((d) => d.obj.kind === 'Job')!.obj;
const container = (o: any) => o.spec.template.spec.containers[0];
const setEnv = (o: any, name: string, value: string) => (container(o).env.find((e: any) => e.name === name).value = value);

describe('deploy/k8s', () => {
  it('holds the Service, the claim, the Job, the reader pod and the kustomization', () => {
    expect(docs.map((d) => `${d.file} ${d.obj.kind}`).sort()).toEqual([
      'deploy/k8s/fetch/runs-reader.yaml Pod',
      'deploy/k8s/job.yaml Job',
      'deploy/k8s/kustomization.yaml Kustomization',
      'deploy/k8s/pvc.yaml PersistentVolumeClaim',
      'deploy/k8s/service.yaml Service',
    ]);
  });

  it.each(manifests.map((d) => [`${d.file} ${d.obj.kind} ${d.obj.metadata?.name}`, d] as const))('%s passes its kind’s schema', (_, d) => {
    expect(schemaProblems(d.obj)).toEqual([]);
  });

  it('the cross-references hold: Service, subdomain, selector, coordinator address, world size, GPU, claim, Secret, image, acgan launch and its flags', () => {
    expect(crossProblems(docs, image, kustomizationText)).toEqual([]);
  });

  it('the kustomization lists exactly the manifests to apply and names the Job’s image', () => {
    expect(kustomizationProblems(docs, kustomization)).toEqual([]);
  });
});

describe('the checks fail on broken manifests', () => {
  it('the schema refuses a wrong type, a bad enum value, a missing required field and an unknown kind', () => {
    expect(schemaProblems(job(edited('Job', (o) => (o.spec.completions = 'two'))))).toEqual([expect.stringMatching(/completions must be integer/)]);
    expect(schemaProblems(job(edited('Job', (o) => (o.spec.completionMode = 'Indexd'))))).toEqual([
      expect.stringMatching(/completionMode must be equal to one of the allowed values/),
    ]);
    expect(schemaProblems(job(edited('Job', (o) => delete container(o).name))).join()).toMatch(/containers\/0 must have required property name/);
    expect(schemaProblems(job(edited('Job', (o) => (container(o).resources.limits = 'one gpu'))))).not.toEqual([]);
    expect(schemaProblems({ apiVersion: 'v1', kind: 'ConfigMapp', metadata: { name: 'x' } })).toEqual(['unknown kind v1 ConfigMapp: no schema to check it against']);
  });

  it('a YAML syntax error is an error, not an empty manifest', () => {
    expect(() => parseDocs('kind: Job\n  spec: [\n', 'bad.yaml')).toThrow(/bad\.yaml/);
  });

  it('the cross-checks name each broken reference', () => {
    const problems = (ds: Doc[]) => crossProblems(ds, image, kustomizationText).join('\n');
    expect(problems(edited('Service', (o) => (o.metadata.name = 'acgan-svc')))).toMatch(/subdomain acgan is no Service/);
    expect(problems(edited('Service', (o) => (o.spec.selector['app.kubernetes.io/instance'] = 'other')))).toMatch(/selector .* does not match/);
    expect(problems(edited('Job', (o) => (o.spec.parallelism = 3)))).toMatch(/completions \(2\) and parallelism \(3\) must both be ACGAN_WORLD_SIZE \(2\)/);
    expect(problems(edited('Job', (o) => setEnv(o, 'ACGAN_COORDINATOR', 'acgan-mnist-1.acgan:29500')))).toMatch(/ACGAN_COORDINATOR must be acgan-mnist-0\.acgan:<port>/);
    expect(problems(edited('Job', (o) => setEnv(o, 'ACGAN_COORDINATOR', 'acgan-mnist-0.acgan:29501')))).toMatch(/no port 29501/);
    expect(problems(edited('Job', (o) => delete container(o).resources.limits['nvidia.com/gpu']))).toMatch(/one GPU/);
    expect(problems(edited('Job', (o) => delete container(o).image))).toMatch(/container acgan has no image/);
    expect(problems(edited('Job', (o) => (o.spec.template.spec.volumes[0].persistentVolumeClaim.claimName = 'runs')))).toMatch(/claim runs is no PersistentVolumeClaim/);
    expect(problems(edited('PersistentVolumeClaim', (o) => (o.spec.accessModes = ['ReadWriteOnce'])))).toMatch(/ReadWriteMany/);
    expect(problems(edited('Job', (o) => (o.spec.template.spec.volumes[1].secret.secretName = 'curve')))).toMatch(/mounts Secret curve, the documented one is acgan-curve/);
    expect(problems(edited('Job', (o) => setEnv(o, 'ACGAN_CURVE_ALLOW', '/etc/acgan/curve/allow')))).toMatch(/needs allow in Secret acgan-curve/);
    expect(problems(edited('Job', (o) => (o.spec.template.spec.restartPolicy = 'OnFailure')))).toMatch(/backoffLimitPerIndex needs restartPolicy Never/);
    expect(problems(edited('Job', (o) => (container(o).args[0] = 'train')))).toMatch(/must run acgan launch, runs acgan train/);
    expect(problems(edited('Job', (o) => (container(o).command = ['npx', 'acgan'])))).toMatch(/must run node \/app\/apps\/cli\/bin\/acgan\.mjs/);
    expect(problems(edited('Job', (o) => container(o).env.push({ name: 'ACGAN_RANKS', value: '0' })))).toMatch(/ACGAN_RANKS is not read/);
    expect(problems(edited('Job', (o) => (container(o).env.find((e: any) => e.name === 'ACGAN_RANK').valueFrom.fieldRef.fieldPath = 'metadata.name')))).toMatch(
      /ACGAN_RANK must come from the pod's completion index/,
    );
  });

  it('acgan launch’s flags are checked against the CLI’s config table, values included', () => {
    expect(launchArgProblems(['--steps', '10', '--run-dir', '/runs/a'])).toEqual([]);
    expect(launchArgProblems(['--stepz', '10']).join()).toMatch(/--stepz: not a flag of acgan launch/);
    expect(launchArgProblems(['--steps', 'ten']).join()).toMatch(/steps must be a number/);
    expect(launchArgProblems(['--backend', 'cuda']).join()).toMatch(/backend must be one of/);
    expect(launchArgProblems(['--workers', '2']).join()).toMatch(/--workers: acgan launch sets it itself/);
    expect(launchArgProblems(['--rank', '0']).join()).toMatch(/--rank: a rendezvous value/);
    // A worker-only flag: launch refuses it (it takes the coordinator's flags).
    expect(launchArgProblems(['--connect', 'tcp://x:1']).join()).toMatch(/--connect/);
    expect(launchArgProblems(['--steps']).join()).toMatch(/needs a value/);
  });

  it('the kustomization check names a missing or stray resource', () => {
    expect(kustomizationProblems(docs, { ...kustomization, resources: ['service.yaml', 'job.yaml', 'secret.yaml'] })).toEqual([
      'kustomization.yaml lists secret.yaml, which is no manifest of deploy/k8s',
      'kustomization.yaml does not list pvc.yaml',
    ]);
  });
});
