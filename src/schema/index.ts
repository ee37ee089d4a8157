import { builder } from '../builder';
import './scalars';
import './image-pipeline';
import './image-pipeline-connection';

export const schema = builder.toSchema();
