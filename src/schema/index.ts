import { builder } from '../builder';
import './scalars';
import './related-resources';
import './workflow-data';
import './image-pipeline';
import './image';
import './image-pipeline-health';
import './image-pipeline-images';
import './image-pipeline-connection';
import './resource-request';
import './mutation-errors';
import './image-pipeline-mutations';
import './resource-request-mutations';
import './image-build-mutations';
import './resource-request-subscription';
import './image-subscription';

export const schema = builder.toSchema();
