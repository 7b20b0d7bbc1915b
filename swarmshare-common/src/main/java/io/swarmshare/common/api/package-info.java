/**
 * JSON records of the tracker's REST API (/api/v1), shared by the tracker, the agent and the CLI so that the
 * three cannot drift apart. Plain records: no framework annotations.
 */
package io.swarmshare.common.api;
