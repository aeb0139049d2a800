/** The Lambda behind the API's default route: any path that is not a catalog function. */
export { unknownFunctionHandler as handler } from "../runtime/handler.js";
