/** The smallest Lambda handler: the cold-start baseline every function is compared with. */
export const handler = async () => ({ statusCode: 200, body: "" });
