import { boundRule } from './_bounds.js';

export default boundRule({
  id: 'request-min-length-decreased',
  level: 'info',
  direction: 'request',
  keyword: 'minLength',
  change: 'decreased',
  description: 'Request schema minimum length decreased',
});
