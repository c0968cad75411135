export { plugin, PluginPage, PluginIcon } from './plugin';
