import { boundRule } from './_bounds.js';

export default boundRule({
  id: 'response-min-length-decreased',
  level: 'warning',
  direction: 'response',
  keyword: 'minLength',
  change: 'decreased',
  description: 'Response schema minimum length decreased',
});
