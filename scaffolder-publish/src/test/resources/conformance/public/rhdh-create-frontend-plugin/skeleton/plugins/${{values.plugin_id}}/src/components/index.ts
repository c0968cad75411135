export { Router } from './Router';
export * from './ExampleComponent';
export { ExampleComponentIcon } from './ExampleComponentIcon';

