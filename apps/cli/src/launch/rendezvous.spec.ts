// The rendezvous of `acgan launch`: flags over ACGAN_* over Slurm's variables, Slurm's
// host lists, and errors that name what is missing.
import { describe, expect, it } from 'vitest';
import { bindFor, expandHostlist, resolveRendezvous } from './rendezvous.ts';

describe('expandHostlist', () => {
  it('expands as scontrol show hostnames does', () => {
    expect(expandHostlist('gpu[01-03,07],login1')).toEqual(['gpu01', 'gpu02', 'gpu03', 'gpu07', 'login1']);
    expect(expandHostlist('n[8-10]')).toEqual(['n8', 'n9', 'n10']);
    expect(expandHostlist('n[008-010]-ib')).toEqual(['n008-ib', 'n009-ib', 'n010-ib']);
    expect(expandHostlist('localhost')).toEqual(['localhost']);
    expect(expandHostlist('a,b[1-2]')).toEqual(['a', 'b1', 'b2']);
  });
  it('names what it cannot read', () => {
    expect(() => expandHostlist('n[1-')).toThrow(/unbalanced brackets/);
    expect(() => expandHostlist('n[3-1]')).toThrow(/range 3-1 is backwards/);
    expect(() => expandHostlist('n[a]')).toThrow(/"a" is not a number or a range/);
  });
});

describe('resolveRendezvous', () => {
  const slurm = { SLURM_PROCID: '3', SLURM_NTASKS: '4', SLURM_LOCALID: '1', SLURM_JOB_NODELIST: 'gpu[07-08]', SLURM_JOB_ID: '123456' };
  it('reads a Slurm step: the first host runs the coordinator on a port from the job id', () => {
    expect(resolveRendezvous({}, slurm)).toEqual({ engine: 'slurm', coordinator: 'tcp://gpu07:23456', rank: 3, worldSize: 4, localRank: 1, curve: {} });
    expect(resolveRendezvous({ port: '29500' }, slurm).coordinator).toBe('tcp://gpu07:29500');
  });
  it('takes ACGAN_* over Slurm, and flags over both', () => {
    const env = { ...slurm, ACGAN_COORDINATOR: '10.0.0.1:5555', ACGAN_RANK: '0', ACGAN_CURVE_KEYS: '/k/job' };
    expect(resolveRendezvous({}, env)).toMatchObject({ engine: 'env', coordinator: 'tcp://10.0.0.1:5555', rank: 0, worldSize: 4, localRank: 1, curve: { keys: '/k/job' } });
    expect(resolveRendezvous({ coordinator: 'tcp://h:1', rank: '2', worldSize: '3', localRank: '0' }, env)).toMatchObject({
      engine: 'flags',
      coordinator: 'tcp://h:1',
      rank: 2,
      worldSize: 3,
      localRank: 0,
    });
  });
  it('names what is missing or bad, and where it could come from', () => {
    expect(() => resolveRendezvous({}, {})).toThrow(/cannot tell the coordinator \(--coordinator, ACGAN_COORDINATOR, or a Slurm step\), the rank .*, the world size/);
    expect(() => resolveRendezvous({}, { ACGAN_COORDINATOR: 'h:1', ACGAN_RANK: '2', ACGAN_WORLD_SIZE: '2' })).toThrow(/rank 2 is not below the world size 2/);
    expect(() => resolveRendezvous({}, { ACGAN_COORDINATOR: 'h', ACGAN_RANK: '0', ACGAN_WORLD_SIZE: '1' })).toThrow(/ACGAN_COORDINATOR="h": expected tcp:\/\/<host>:<port>/);
    expect(() => resolveRendezvous({}, { ACGAN_COORDINATOR: 'h:1', ACGAN_RANK: 'one', ACGAN_WORLD_SIZE: '1' })).toThrow(/ACGAN_RANK="one": expected an integer >= 0/);
  });
  it('binds the coordinator on loopback when its address is loopback, else on every interface', () => {
    expect(bindFor('tcp://127.0.0.1:5000')).toBe('tcp://127.0.0.1:5000');
    expect(bindFor('tcp://gpu07:5000')).toBe('tcp://0.0.0.0:5000');
  });
});
