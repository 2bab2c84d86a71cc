// Loads a Lambda handler module of the repository by its catalogue path, once per path: the local
// server, bus, scheduler and Step Functions all bind the same modules CDK deploys.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export function handlerLoader<H>(root: string): (file: string) => Promise<H> {
  const modules = new Map<string, Promise<H>>();
  return (file) => {
    if (!modules.has(file))
      modules.set(
        file,
        import(pathToFileURL(resolve(root, file)).href).then((module) => module.handler as H),
      );
    return modules.get(file)!;
  };
}
