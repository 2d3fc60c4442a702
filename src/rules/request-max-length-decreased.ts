import { boundRule } from './_bounds.js';

export default boundRule({
  id: 'request-max-length-decreased',
  level: 'breaking',
  direction: 'request',
  keyword: 'maxLength',
  change: 'decreased',
  description: 'Request schema maximum length decreased',
});
