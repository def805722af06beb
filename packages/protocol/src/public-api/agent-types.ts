import { Type, type Static } from '@sinclair/typebox';

export const ASSIGNMENT_ORIGINS = ['assignment_origin_agent', 'assignment_origin_aws_sts'] as const;
export type AssignmentOrigin = (typeof ASSIGNMENT_ORIGINS)[number];

const AwsSettings = Type.Object({
  account_id: Type.String(),
  role_name_patterns: Type.String(),
});

/** Semaphore v1alpha `SelfHostedAgentType` (control-plane §1.2–1.4). Timestamps are Unix seconds. */
export const AgentType = Type.Object({
  metadata: Type.Object({
    name: Type.String(),
    create_time: Type.Integer(),
    update_time: Type.Integer(),
  }),
  spec: Type.Object({
    agent_name_settings: Type.Object({
      assignment_origin: Type.Union(ASSIGNMENT_ORIGINS.map((o) => Type.Literal(o))),
      release_after: Type.Integer(),
      aws: Type.Optional(AwsSettings),
    }),
  }),
  status: Type.Object({
    total_agent_count: Type.Integer(),
    /** Present only in the create and reset_token answers. */
    registration_token: Type.Optional(Type.String()),
  }),
});
export type AgentType = Static<typeof AgentType>;

/** Body of create (POST) and update (PATCH). Validated by hand in the hub so each error names its field. */
export const AgentTypeInput = Type.Object({
  metadata: Type.Optional(Type.Object({ name: Type.Optional(Type.String()) })),
  spec: Type.Optional(
    Type.Object({
      agent_name_settings: Type.Optional(
        Type.Object({
          assignment_origin: Type.Optional(Type.String()),
          release_after: Type.Optional(Type.Integer()),
          aws: Type.Optional(
            Type.Union([
              Type.Object({
                account_id: Type.Optional(Type.String()),
                role_name_patterns: Type.Optional(Type.String()),
              }),
              Type.Null(),
            ]),
          ),
        }),
      ),
    }),
  ),
});
export type AgentTypeInput = Static<typeof AgentTypeInput>;

export const AgentTypeList = Type.Object({ agent_types: Type.Array(AgentType) });
export type AgentTypeList = Static<typeof AgentTypeList>;

/** Outpost extension: POST /self_hosted_agent_types/:name/reset_token. */
export const ResetTokenInput = Type.Object({ disconnect_agents: Type.Optional(Type.Boolean()) });
export type ResetTokenInput = Static<typeof ResetTokenInput>;
