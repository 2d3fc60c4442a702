import { boundRule } from './_bounds.js';

export default boundRule({
  id: 'response-max-properties-increased',
  level: 'warning',
  direction: 'response',
  keyword: 'maxProperties',
  change: 'increased',
  description: 'Response schema maximum number of properties increased',
});
