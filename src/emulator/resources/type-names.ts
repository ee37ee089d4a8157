/** The type names the emulator's code refers to by name; the registry (resource-types.ts) serves whatever data/ holds. */
export const IMAGE_PIPELINE = 'AWS::ImageBuilder::ImagePipeline';
export const IMAGE_RECIPE = 'AWS::ImageBuilder::ImageRecipe';
export const CONTAINER_RECIPE = 'AWS::ImageBuilder::ContainerRecipe';
export const INFRASTRUCTURE_CONFIGURATION = 'AWS::ImageBuilder::InfrastructureConfiguration';
export const DISTRIBUTION_CONFIGURATION = 'AWS::ImageBuilder::DistributionConfiguration';
export const WORKFLOW = 'AWS::ImageBuilder::Workflow';
