/**
 * The last line of defence of a running server: a promise rejected with nobody to catch it is
 * logged, and the process goes on serving everyone else (Node's default would end it). Every
 * known path catches its own failures; this is for the one nobody thought of.
 */
export function keepServingOnUnhandledRejection(log: (message: string, err: unknown) => void = (m, e) => console.error(m, e)): void {
  process.on('unhandledRejection', (reason) => log('Unhandled promise rejection (logged; the server keeps running):', reason));
}
