import { boundRule } from './_bounds.js';

export default boundRule({
  id: 'response-max-length-decreased',
  level: 'info',
  direction: 'response',
  keyword: 'maxLength',
  change: 'decreased',
  description: 'Response schema maximum length decreased',
});
