import { builder } from '../builder';
import './scalars';
import './image-pipeline';

export const schema = builder.toSchema();
