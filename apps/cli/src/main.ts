export async function main(argv: string[]): Promise<number> {
  console.log('acgan', argv.join(' '));
  return 0;
}
